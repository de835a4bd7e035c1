package dev.tocsin.api.status;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The status page's incidents and maintenance as an Atom 1.0 feed (RFC 4287), every text escaped. */
final class AtomFeed {
  private AtomFeed() {
  }

  static String of(StatusPageConfig config, List<PublicIncident> active, List<PublicIncident> history, Instant now) {
    List<PublicIncident> all = new ArrayList<>(active);
    all.addAll(history);
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
        .append("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n")
        .append("  <id>tag:tocsin,2026:status</id>\n")
        .append("  <title>").append(escape(config.title())).append(" incidents</title>\n")
        .append("  <link rel=\"alternate\" type=\"text/html\" href=\"").append(StatusPageHandler.PAGE_PATH)
        .append("\"/>\n")
        .append("  <updated>").append(all.stream().map(PublicIncident::updatedAt).max(Instant::compareTo).orElse(now))
        .append("</updated>\n");
    for (PublicIncident incident : all) {
      xml.append("  <entry>\n    <id>tag:tocsin,2026:incident:").append(escape(incident.id())).append("</id>\n")
          .append("    <title>").append(escape(incident.name())).append("</title>\n")
          .append("    <link rel=\"alternate\" type=\"text/html\" href=\"").append(StatusPageHandler.PAGE_PATH)
          .append("#").append(escape(incident.id())).append("\"/>\n")
          .append("    <published>").append(incident.createdAt()).append("</published>\n")
          .append("    <updated>").append(incident.updatedAt()).append("</updated>\n")
          .append("    <author><name>").append(escape(config.title())).append("</name></author>\n")
          .append("    <content type=\"text\">");
      for (PublicIncident.Update update : incident.updates()) {
        xml.append(escape(update.at() + " " + update.status() + ": " + update.body())).append('\n');
      }
      xml.append("</content>\n  </entry>\n");
    }
    for (StatusPageConfig.Maintenance m : config.maintenance()) {
      xml.append("  <entry>\n    <id>tag:tocsin,2026:maintenance:").append(escape(m.id())).append("</id>\n")
          .append("    <title>").append(escape("Maintenance: " + m.name())).append("</title>\n")
          .append("    <updated>").append(m.startsAt()).append("</updated>\n")
          .append("    <author><name>").append(escape(config.title())).append("</name></author>\n")
          .append("    <content type=\"text\">").append(escape(m.startsAt() + " to " + m.endsAt()
              + (m.message() == null ? "" : ": " + m.message()))).append("</content>\n  </entry>\n");
    }
    return xml.append("</feed>\n").toString();
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> {
          // Characters XML 1.0 forbids (most control characters, U+FFFE, U+FFFF) are dropped, not escaped.
          if ((c >= 0x20 && c != 0xFFFE && c != 0xFFFF) || c == '\n' || c == '\t' || c == '\r') {
            out.append(c);
          }
        }
      }
    }
    return out.toString();
  }
}
