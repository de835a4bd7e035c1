package dev.tocsin.api.review;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The figures SREs report over a period, from the incidents that opened in it: MTTD (first alert
 * start to opening, alert incidents only), MTTA, MTTR, by severity and overall; per service the
 * count and MTBF (mean time between the openings of consecutive incidents of the service, which
 * needs two); the false-positive rate (marked false positives / incidents). Means are in seconds,
 * absent (NaN) when nothing counts.
 */
public record IncidentFigures(Instant since, Instant until, Stats all, Map<Severity, Stats> bySeverity,
    Map<String, ServiceStats> byService) {

  /** Counts and means over a set of incidents. */
  public record Stats(int incidents, int falsePositives, double mttdSeconds, double mttaSeconds, double mttrSeconds) {
    /** False positives per incident, or NaN without incidents. */
    public double falsePositiveRate() {
      return incidents == 0 ? Double.NaN : (double) falsePositives / incidents;
    }
  }

  /** One service's count and mean time between its incidents. */
  public record ServiceStats(int incidents, double mtbfSeconds) {
  }

  /** The figures of {@code incidents} that opened in [{@code since}, {@code until}). */
  public static IncidentFigures of(List<IncidentSummary> incidents, Instant since, Instant until) {
    List<IncidentSummary> in = incidents.stream()
        .filter(i -> !i.openedAt().isBefore(since) && i.openedAt().isBefore(until)).toList();
    Map<Severity, Stats> bySeverity = new EnumMap<>(Severity.class);
    for (Severity severity : Severity.values()) {
      List<IncidentSummary> of = in.stream().filter(i -> i.severity() == severity).toList();
      if (!of.isEmpty()) {
        bySeverity.put(severity, stats(of));
      }
    }
    Map<String, List<IncidentSummary>> perService = new TreeMap<>();
    for (IncidentSummary i : in) {
      for (String service : i.services()) {
        perService.computeIfAbsent(service, s -> new ArrayList<>()).add(i);
      }
    }
    Map<String, ServiceStats> byService = new TreeMap<>();
    perService.forEach((service, list) -> {
      List<Instant> openings = list.stream().map(IncidentSummary::openedAt).sorted().toList();
      List<Duration> gaps = new ArrayList<>();
      for (int k = 1; k < openings.size(); k++) {
        gaps.add(Duration.between(openings.get(k - 1), openings.get(k)));
      }
      byService.put(service, new ServiceStats(list.size(), mean(gaps, Function.identity())));
    });
    return new IncidentFigures(since, until, stats(in), bySeverity, byService);
  }

  private static Stats stats(List<IncidentSummary> incidents) {
    int falsePositives = (int) incidents.stream().filter(IncidentSummary::falsePositive).count();
    double mttd = mean(incidents.stream().filter(i -> i.alerts() > 0).toList(),
        i -> Duration.between(i.detectedAt(), i.openedAt()));
    double mtta = mean(incidents.stream().filter(i -> i.acknowledgedAt() != null).toList(),
        i -> Duration.between(i.openedAt(), i.acknowledgedAt()));
    double mttr = mean(incidents.stream().filter(i -> i.resolvedAt() != null).toList(),
        i -> Duration.between(i.openedAt(), i.resolvedAt()));
    return new Stats(incidents.size(), falsePositives, mttd, mtta, mttr);
  }

  private static <T> double mean(List<T> items, Function<T, Duration> duration) {
    OptionalDouble mean = items.stream().map(duration).mapToDouble(d -> d.toMillis() / 1000.0).average();
    return mean.orElse(Double.NaN);
  }
}
