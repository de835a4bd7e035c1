package dev.tocsin.ingest.http;

import dev.tocsin.ingest.domain.AlertSource;
import dev.tocsin.ingest.pagerduty.PagerDutySignatureVerifier;
import dev.tocsin.ingest.pagerduty.PagerDutyWebhooks;
import dev.tocsin.ingest.slack.SlackCommands;
import dev.tocsin.ingest.slack.SlackRequestVerifier;

/** One inbound protocol at one path: how its requests are authenticated and what they become. */
public sealed interface Endpoint {

  /** The request path. */
  String path();

  /** The label of this endpoint in metrics and logs. */
  String name();

  /** A monitoring source posting alerts (Alertmanager, Cloud Monitoring, the generic API). */
  record Alerts(String path, String name, RequestAuth auth, AlertSource source) implements Endpoint {
  }

  /** Slack slash commands or button clicks, signed with the app's signing secret. */
  record Slack(String path, String name, SlackRequestVerifier verifier, SlackCommands commands, boolean interactions)
      implements Endpoint {
  }

  /** PagerDuty webhooks v3, signed per subscription; redeliveries are recognised by event id. */
  record PagerDuty(String path, String name, PagerDutySignatureVerifier verifier, PagerDutyWebhooks webhooks,
      RecentIds seen) implements Endpoint {
  }
}
