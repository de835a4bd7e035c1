package dev.tocsin.api.console;

import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/** Markdown to HTML for the review draft: raw HTML in the text is escaped and unsafe link targets dropped. */
final class Markdown {
  private static final java.util.List<org.commonmark.Extension> EXTENSIONS = java.util.List.of(TablesExtension.create());
  private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().extensions(EXTENSIONS).escapeHtml(true)
      .sanitizeUrls(true).build();

  private Markdown() {
  }

  static String toHtml(String markdown) {
    return RENDERER.render(PARSER.parse(markdown));
  }
}
