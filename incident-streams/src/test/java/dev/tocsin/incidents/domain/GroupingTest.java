package dev.tocsin.incidents.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupingTest {
  @Test
  void groupKeyRendersGroupByLabelsLikeAlertmanager() {
    assertThat(Grouping.DEFAULT.groupKey(Map.of("service", "checkout", "alertname", "HighErrorRate", "instance", "x")))
        .isEqualTo("{alertname=\"HighErrorRate\", service=\"checkout\"}");
  }

  @Test
  void alertsDifferingOnlyOutsideGroupByShareAGroup() {
    assertThat(Grouping.DEFAULT.groupKey(Map.of("alertname", "A", "service", "s", "instance", "1")))
        .isEqualTo(Grouping.DEFAULT.groupKey(Map.of("alertname", "A", "service", "s", "instance", "2")));
  }

  @Test
  void missingGroupLabelCountsAsEmptyAndQuotesAreEscaped() {
    assertThat(Grouping.DEFAULT.groupKey(Map.of("alertname", "say \"hi\"")))
        .isEqualTo("{alertname=\"say \\\"hi\\\"\", service=\"\"}");
  }
}
