package dev.tocsin.schemas.vocabulary;

/**
 * The {@code action_id}s of the buttons the notifier puts on an incident's Slack message, which
 * ingest's interactivity endpoint acts on; each button's {@code value} is the incident id.
 */
public final class SlackActions {
  /** The Acknowledge button. */
  public static final String ACKNOWLEDGE = "incident_acknowledge";
  /** The Resolve button. */
  public static final String RESOLVE = "incident_resolve";

  private SlackActions() {
  }
}
