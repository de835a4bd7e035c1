package dev.tocsin.api.console;

/** The review draft page: the draft rendered (from Markdown whose raw HTML was escaped) and the download link. */
public record ReviewPage(Viewer viewer, String id, String title, String html) {
}
