package dev.tocsin.api.console;

/** Who is looking at a console page: their name, whether they may act, and their forms' CSRF token. */
public record Viewer(String name, boolean canWrite, String csrf) {
}
