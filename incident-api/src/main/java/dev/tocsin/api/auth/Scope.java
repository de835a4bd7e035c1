package dev.tocsin.api.auth;

/** What an API key may do. */
public enum Scope {
  /** List and read incidents, timelines, reviews and figures. */
  READ("incidents:read"),
  /** Create incidents and act on them (acknowledge, resolve, update, ...). */
  WRITE("incidents:write");

  private final String id;

  Scope(String id) {
    this.id = id;
  }

  /** The scope's name as configured and documented, e.g. {@code incidents:read}. */
  public String id() {
    return id;
  }
}
