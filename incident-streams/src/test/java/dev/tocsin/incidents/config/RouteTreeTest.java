package dev.tocsin.incidents.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RouteTreeTest {
  private static final RouteTree TREE = Configs.parse("""
      route:
        receiver: team-slack
        group_by: [alertname, service]
        group_wait: 10s
        group_interval: 2m
        repeat_interval: 3h
        escalation_policy: standard
        routes:
          - matchers: ['service=~"db|cache"', 'env="prod"']
            receiver: dba
            continue: true
            group_by: [alertname, instance]
            routes:
              - matchers: ['severity="critical"']
                receivers: [dba-pager, dba]
                repeat_interval: 1h
          - matchers: ['service=~"db|cache"']
            receiver: storage
            escalation_policy: gentle
          - matchers: ['team="web"']
            receiver: web
            group_by: ['...']
          - matchers: ['team="web"']
            receiver: web-overflow
      escalation_policies:
        - {name: standard, levels: [{delay: 5m}]}
        - {name: gentle, levels: [{delay: 1h}]}
      """).routes();

  private static List<String> receiversOf(Map<String, String> labels) {
    return TREE.match(labels).stream().map(match -> String.join("+", match.route().receivers())).toList();
  }

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(delimiter = '|', value = {
      // labels                                        | receivers, in order
      "service=db,env=prod                              | dba,storage",
      "service=db,env=prod,severity=critical            | dba-pager+dba,storage",
      "service=db,env=dev                               | storage",
      "service=cache,env=dev                            | storage",
      "service=web,team=web                             | web",
      "service=checkout                                 | team-slack",
      "''                                               | team-slack",
  })
  void firstMatchingChildWinsUnlessItContinuesAndUnmatchedAlertsStayAtTheRoot(String labels, String receivers) {
    assertThat(receiversOf(labels(labels))).containsExactly(receivers.split(","));
  }

  @Test
  void childrenInheritWhatTheyDoNotSetFromTheirParent() {
    Route critical = TREE.match(labels("service=db,env=prod,severity=critical")).get(0).route();
    assertThat(critical.groupBy()).isEqualTo(GroupBy.of(List.of("alertname", "instance")));
    assertThat(critical.groupWait()).isEqualTo(Duration.ofSeconds(10));
    assertThat(critical.groupInterval()).isEqualTo(Duration.ofMinutes(2));
    assertThat(critical.repeatInterval()).isEqualTo(Duration.ofHours(1));
    assertThat(critical.escalationPolicy()).isEqualTo("standard");
    Route storage = TREE.match(labels("service=db")).get(0).route();
    assertThat(storage.receivers()).containsExactly("storage");
    assertThat(storage.groupBy()).isEqualTo(GroupBy.of(List.of("alertname", "service")));
    assertThat(storage.repeatInterval()).isEqualTo(Duration.ofHours(3));
    assertThat(storage.escalationPolicy()).isEqualTo("gentle");
  }

  @Test
  void theRootTakesAlertmanagerDefaultTimingsWhenTheFileGivesNone() {
    Route root = Configs.parse("route: {receiver: x}").routes().root();
    assertThat(root.groupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(root.groupInterval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(root.repeatInterval()).isEqualTo(Duration.ofHours(4));
    assertThat(root.escalationPolicy()).isNull();
  }

  @Test
  void groupKeyIsTheRouteIdAndTheGroupLabelsInConfiguredOrder() {
    RouteMatch match = TREE.match(labels("service=checkout,alertname=HighLatency,instance=a")).get(0);
    assertThat(match.groupLabels()).containsExactly(Map.entry("alertname", "HighLatency"),
        Map.entry("service", "checkout"));
    assertThat(match.groupKey()).isEqualTo("{}:{alertname=\"HighLatency\", service=\"checkout\"}");
  }

  @Test
  void groupingByEveryLabelUsesAllLabelsSortedByName() {
    RouteMatch match = TREE.match(Map.of("team", "web", "zone", "a", "alertname", "Down")).get(0);
    assertThat(match.groupLabels()).containsExactly(Map.entry("alertname", "Down"), Map.entry("team", "web"),
        Map.entry("zone", "a"));
    assertThat(match.groupKey()).isEqualTo("{}/{team=\"web\"}/2:{alertname=\"Down\", team=\"web\", zone=\"a\"}");
  }

  @Test
  void aMissingGroupLabelIsEmptyAndValuesAreGoQuoted() {
    RouteMatch match = TREE.match(Map.of("alertname", "say \"hi\"\\\n")).get(0);
    assertThat(match.groupLabels()).containsEntry("service", "");
    assertThat(match.groupKey()).isEqualTo("{}:{alertname=\"say \\\"hi\\\"\\\\\\n\", service=\"\"}");
  }

  @Test
  void alertsDifferingOnlyOutsideGroupByShareAGroupKey() {
    assertThat(TREE.match(labels("alertname=A,service=s,instance=1")).get(0).groupKey())
        .isEqualTo(TREE.match(labels("alertname=A,service=s,instance=2")).get(0).groupKey());
  }

  @Test
  void routeIdsAreAlertmanagerRouteKeysWithAnIndexOnlyForSiblingsThatWouldCollide() {
    assertThat(TREE.routes()).extracting(Route::id).containsExactly(
        "{}",
        "{}/{service=~\"db|cache\",env=\"prod\"}",
        "{}/{service=~\"db|cache\",env=\"prod\"}/{severity=\"critical\"}",
        "{}/{service=~\"db|cache\"}",
        "{}/{team=\"web\"}/2",
        "{}/{team=\"web\"}/3");
    assertThat(TREE.route("{}/{service=~\"db|cache\"}")).get().extracting(Route::receivers)
        .isEqualTo(List.of("storage"));
    assertThat(TREE.route("{}/nope")).isEmpty();
  }

  @Test
  void routeIdsAreStableForTheSameFile() {
    String yaml = "route: {receiver: a, routes: [{matchers: ['x=\"1\"'], receiver: b}, {receiver: c}]}";
    assertThat(Configs.parse(yaml).routes().routes()).extracting(Route::id)
        .isEqualTo(Configs.parse(yaml).routes().routes().stream().map(Route::id).toList())
        .containsExactly("{}", "{}/{x=\"1\"}", "{}/{}");
  }

  @Test
  void routesBuiltInCodeGetTheSameIdsAsFromAFile() {
    Route leaf = new Route("?", Matchers.parse(List.of("team=\"web\"")), List.of("web"), GroupBy.all(),
        Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1), false, null, List.of());
    Route root = Route.withDerivedIds(Route.root(List.of("r"), GroupBy.of(List.of("alertname")))
        .withRoutes(List.of(leaf, leaf)));
    assertThat(new RouteTree(root).routes()).extracting(Route::id)
        .containsExactly("{}", "{}/{team=\"web\"}/0", "{}/{team=\"web\"}/1");
  }

  @Test
  void refusesATreeWhoseRoutesShareAnId() {
    Route child = Route.root(List.of("r"), GroupBy.all());
    assertThatThrownBy(() -> new RouteTree(Route.root(List.of("r"), GroupBy.all()).withRoutes(List.of(child))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("{}");
  }

  @Test
  void theRootMatchesEvenWhenItsMatchersWouldNot() {
    Route root = new Route(Route.ROOT_ID, Matchers.parse(List.of("never=\"true\"")), List.of("r"), GroupBy.all(),
        Duration.ZERO, Duration.ofMinutes(1), Duration.ofHours(1), false, null, List.of());
    assertThat(new RouteTree(root).match(Map.of())).extracting(RouteMatch::route).containsExactly(root);
  }

  @Test
  void aChildWhoseChildrenAllMissTakesTheAlertItself() {
    RouteTree tree = Configs.parse("""
        route:
          receiver: root
          routes:
            - matchers: ['team="db"']
              receiver: db
              routes:
                - matchers: ['severity="critical"']
                  receiver: db-pager
        """).routes();
    assertThat(tree.match(Map.of("team", "db", "severity", "warning")))
        .extracting(match -> match.route().receivers()).containsExactly(List.of("db"));
  }

  static Map<String, String> labels(String text) {
    if (text.isBlank()) {
      return Map.of();
    }
    return java.util.Arrays.stream(text.split(","))
        .map(pair -> pair.split("=", 2))
        .collect(java.util.stream.Collectors.toMap(pair -> pair[0].strip(), pair -> pair[1].strip()));
  }
}
