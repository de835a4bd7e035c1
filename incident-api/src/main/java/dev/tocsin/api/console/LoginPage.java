package dev.tocsin.api.console;

/** The login form: an error to show, if any, and whether users (name and password) are configured. */
public record LoginPage(String error, boolean users) {
}
