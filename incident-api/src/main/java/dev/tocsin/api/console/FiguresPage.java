package dev.tocsin.api.console;

import dev.tocsin.api.review.ErrorBudgets;
import dev.tocsin.api.review.IncidentFigures;
import dev.tocsin.avro.Severity;
import dev.tocsin.schemas.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The figures page: MTTD, MTTA and MTTR by severity as bars (widths computed here, drawn as SVG by
 * the template), counts and false-positive rate, MTBF per service, and error budgets.
 */
public record FiguresPage(Viewer viewer, List<Bar> bars, int incidents, String falsePositiveRate,
    List<ServiceRow> services, List<BudgetRow> budgets) {
  static final int CHART_WIDTH = 320;

  /** One bar: label, value text, width in pixels, y position, colour class. */
  public record Bar(String label, String value, int width, int y, String kind) {
  }

  /** One service's count and MTBF. */
  public record ServiceRow(String service, int incidents, String mtbf) {
  }

  /** One error budget. */
  public record BudgetRow(String service, String objective, String allowed, String consumed, String remaining,
      String consumedPercent, int width, boolean spent) {
  }

  static FiguresPage of(Viewer viewer, IncidentFigures figures, List<ErrorBudgets.Budget> budgets) {
    double longest = 1;
    for (IncidentFigures.Stats stats : figures.bySeverity().values()) {
      longest = Math.max(longest, max(stats.mttdSeconds(), stats.mttaSeconds(), stats.mttrSeconds()));
    }
    List<Bar> bars = new ArrayList<>();
    int y = 0;
    for (Severity severity : Severity.values()) {
      IncidentFigures.Stats stats = figures.bySeverity().get(severity);
      if (stats == null) {
        continue;
      }
      bars.add(bar(severity + " MTTD", stats.mttdSeconds(), longest, y, "mttd"));
      bars.add(bar(severity + " MTTA", stats.mttaSeconds(), longest, y + 18, "mtta"));
      bars.add(bar(severity + " MTTR", stats.mttrSeconds(), longest, y + 36, "mttr"));
      y += 64;
    }
    List<ServiceRow> services = new ArrayList<>();
    figures.byService().forEach((service, stats) -> services.add(new ServiceRow(service, stats.incidents(),
        seconds(stats.mtbfSeconds()))));
    List<BudgetRow> rows = new ArrayList<>();
    for (ErrorBudgets.Budget budget : budgets) {
      double percent = budget.consumedPercent();
      rows.add(new BudgetRow(budget.objective().service(), String.format(Locale.ROOT, "%.3f%% over %s",
          budget.objective().objectivePercent(), Durations.format(budget.objective().window())),
          Durations.format(budget.allowed()), Durations.format(budget.consumed()),
          budget.remaining().isNegative() ? "-" + Durations.format(budget.remaining().negated())
              : Durations.format(budget.remaining()),
          Double.isInfinite(percent) ? "∞" : String.format(Locale.ROOT, "%.1f%%", percent),
          (int) Math.round(Math.min(100, Double.isInfinite(percent) ? 100 : percent) * CHART_WIDTH / 100.0),
          percent >= 100));
    }
    double rate = figures.all().falsePositiveRate();
    return new FiguresPage(viewer, bars, figures.all().incidents(), Double.isNaN(rate) ? "–"
        : String.format(Locale.ROOT, "%.1f%%", rate * 100), services, rows);
  }

  private static Bar bar(String label, double seconds, double longest, int y, String kind) {
    int width = Double.isNaN(seconds) ? 0 : (int) Math.max(1, Math.round(seconds / longest * CHART_WIDTH));
    return new Bar(label, seconds(seconds), width, y, kind);
  }

  private static String seconds(double seconds) {
    return Double.isNaN(seconds) ? "–" : Durations.format(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  private static double max(double... values) {
    double max = 0;
    for (double v : values) {
      if (!Double.isNaN(v)) {
        max = Math.max(max, v);
      }
    }
    return max;
  }
}
