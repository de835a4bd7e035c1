package dev.tocsin.api.status;

import static dev.tocsin.api.status.StatusFixtures.event;
import static dev.tocsin.api.status.StatusFixtures.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tocsin.api.readmodel.IncidentSummary;
import dev.tocsin.avro.IncidentEventType;
import dev.tocsin.avro.PublicStatus;
import dev.tocsin.avro.Severity;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Renders the page and its Atom feed with every text a hostile payload of the XSS corpus (page
 * title, component name, description and group, incident name, update body, maintenance name and
 * message): the markup must be exactly that of a harmless page, the text shown escaped.
 */
class StatusPageTemplateTest {
  private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");
  private static final String HARMLESS = "Acme Status";
  private static final String ATOM = "http://www.w3.org/2005/Atom";
  private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(ContentType.Html);
  private static final Set<String> RAW_TEXT = Set.of("script", "style", "title", "textarea", "xmp", "iframe",
      "noembed", "noframes");
  private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);");

  /** The corpus file's payloads, and a few with control characters a text file does not hold well. */
  static List<String> corpus() throws IOException {
    List<String> payloads = new ArrayList<>();
    try (InputStream in = StatusPageTemplateTest.class.getResourceAsStream("/status/xss-corpus.txt")) {
      assertThat(in).as("status/xss-corpus.txt on the test class path").isNotNull();
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> !line.isEmpty())
          .forEach(payloads::add);
    }
    payloads.add("<scr\u0000ipt>alert(1)</script>");
    payloads.add("\u0000<img src=x onerror=alert(1)>");
    payloads.add("<img src=x\u000Conerror=alert(1)>");
    payloads.add("\u2028<script>alert(1)</script>\u2029");
    payloads.add("\uFEFF<svg onload=alert(1)>");
    return payloads;
  }

  @Test
  void theCorpusHoldsAtLeastFortyPayloads() throws IOException {
    assertThat(corpus()).hasSizeGreaterThanOrEqualTo(45).doesNotHaveDuplicates()
        .contains("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "\" onmouseover=\"alert(1)");
  }

  @Test
  void theHarmlessPageHasNoScriptsNoEventHandlersAndOnlyItsOwnLinks() {
    String html = render(HARMLESS);

    assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script");
    assertThat(attributeNames(html)).noneMatch(name -> name.startsWith("on"));
    assertThat(urls(html)).containsExactly("/status/history.atom", "/status/history.atom", "/api/v2/summary.json");
    assertThat(text(html, "<h1>(.*?)</h1>")).isEqualTo(HARMLESS);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  void aHostileTextAddsNoMarkupToThePage(String payload) {
    String html = render(payload);

    assertThat(html.toLowerCase(Locale.ROOT)).doesNotContain("<script");
    assertThat(markup(html)).isEqualTo(markup(render(HARMLESS)));
    assertThat(attributeNames(html)).noneMatch(name -> name.startsWith("on"));
    assertThat(urls(html)).containsExactly("/status/history.atom", "/status/history.atom", "/api/v2/summary.json")
        .noneMatch(url -> url.toLowerCase(Locale.ROOT).contains("javascript:"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  void aHostileTextIsShownEscapedWhereItWasPut(String payload) {
    String html = render(payload);

    assertThat(text(html, "<title>(.*?)</title>")).isEqualTo(payload);
    assertThat(text(html, "<h1>(.*?)</h1>")).isEqualTo(payload);
    assertThat(tags(html)).filteredOn(tag -> tag.name().equals("link"))
        .extracting(tag -> unescape(tag.attributes().get("title"))).containsExactly(payload + " incidents");
    assertThat(text(html, "<div class=\"group\">(.*?)</div>")).isEqualTo(payload);
    assertThat(text(html, "<div class=\"row\"><span>(.*?)</span>")).isEqualTo(payload);
    assertThat(text(html, "<div class=\"meta\">(.*?)</div>")).isEqualTo(payload);
    assertThat(text(html, "<section class=\"card maintenance\">\\s*<h3>(.*?)</h3>")).isEqualTo(payload);
    assertThat(text(html, "<p>(.*?)</p>")).isEqualTo(payload);
    assertThat(text(html, "<p class=\"meta\">in progress · [^·]* · (.*?)</p>")).isEqualTo(payload);
    assertThat(text(html, "<section class=\"card incident impact-major\" id=\"INC-1\">\\s*<h3>(.*?)</h3>"))
        .isEqualTo(payload);
    assertThat(text(html, "Affects (.*?)</p>")).isEqualTo(payload);
    assertThat(text(html, "<p class=\"update\"><strong>Monitoring</strong> (.*?) <span class=\"meta\">"))
        .isEqualTo(payload);
    assertThat(text(html, "<section class=\"card incident impact-minor\" id=\"INC-2\">\\s*<h3>(.*?)</h3>"))
        .isEqualTo(payload);
    assertThat(text(html, "Affected (.*?)</p>")).isEqualTo(payload);
    assertThat(text(html, "<p class=\"update\"><strong>Identified</strong> (.*?) <span class=\"meta\">"))
        .isEqualTo(payload);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("corpus")
  void theAtomFeedEscapesAHostileTextAndStaysWellFormed(String payload) throws Exception {
    Parts parts = parts(payload);
    String xml = AtomFeed.of(parts.config(), parts.active(), parts.history(), NOW);
    String shown = withoutControlCharacters(payload);

    Document feed = parse(xml);

    Element root = feed.getDocumentElement();
    assertThat(root.getNamespaceURI()).isEqualTo(ATOM);
    assertThat(root.getLocalName()).isEqualTo("feed");
    assertThat(elementNames(root)).containsExactlyInAnyOrder("feed", "id", "title", "link", "updated", "entry",
        "published", "author", "name", "content");
    assertThat(childText(root, "title")).containsExactly(shown + " incidents");
    NodeList entries = root.getElementsByTagNameNS(ATOM, "entry");
    assertThat(entries.getLength()).isEqualTo(3);
    List<String> titles = new ArrayList<>();
    List<String> contents = new ArrayList<>();
    List<String> authors = new ArrayList<>();
    for (int i = 0; i < entries.getLength(); i++) {
      Element entry = (Element) entries.item(i);
      titles.addAll(childText(entry, "title"));
      contents.addAll(childText(entry, "content"));
      authors.add(entry.getElementsByTagNameNS(ATOM, "name").item(0).getTextContent());
    }
    assertThat(titles).containsExactly(shown, shown, "Maintenance: " + shown);
    assertThat(authors).containsExactly(shown, shown, shown);
    assertThat(contents.get(0)).contains(" monitoring: " + shown + "\n");
    assertThat(contents.get(1)).contains(" identified: " + shown + "\n");
    assertThat(contents.get(2)).isEqualTo("2026-12-10T11:00:00Z to 2026-12-10T13:00:00Z: " + shown);
  }

  // --- the page and feed under test ---

  private record Parts(StatusPageConfig config, StatusView view, List<PublicIncident> active,
      List<PublicIncident> history) {
  }

  private static Parts parts(String text) {
    StatusPageConfig config = new StatusPageConfig(text,
        List.of(new StatusPageConfig.Component("api", text, text, text, Set.of("checkout"), null)),
        StatusPageConfig.DEFAULT_STATES, List.of(new StatusPageConfig.Maintenance("mw-1", text, text, List.of("api"),
            NOW.minusSeconds(3600), NOW.plusSeconds(3600))));
    IncidentSummary open = summary("INC-1", text, Severity.P1, NOW.minusSeconds(1800), null, Set.of("checkout"),
        List.of(), false);
    IncidentSummary past = summary("INC-2", text, Severity.P2, NOW.minus(Duration.ofDays(2)),
        NOW.minus(Duration.ofDays(1)), Set.of("checkout"), List.of(), false);
    StatusView view = StatusView.of(config, List.of(open, past), NOW);
    List<PublicIncident> active = List.of(PublicIncident.of(open, List.of("api"), List.of(
        event("INC-1", 1, IncidentEventType.OPENED, NOW.minusSeconds(1800), PublicStatus.INVESTIGATING, null),
        event("INC-1", 2, IncidentEventType.UPDATE_POSTED, NOW.minusSeconds(600), PublicStatus.MONITORING, text))));
    List<PublicIncident> history = List.of(PublicIncident.of(past, List.of("api"), List.of(
        event("INC-2", 1, IncidentEventType.UPDATE_POSTED, NOW.minus(Duration.ofDays(2)), PublicStatus.IDENTIFIED,
            text),
        event("INC-2", 2, IncidentEventType.RESOLVED, NOW.minus(Duration.ofDays(1)), PublicStatus.RESOLVED,
            null))));
    assertThat(view.active()).containsExactly(open);
    assertThat(view.history()).containsExactly(past);
    return new Parts(config, view, active, history);
  }

  private static String render(String text) {
    Parts parts = parts(text);
    StringOutput output = new StringOutput();
    TEMPLATES.render("status/page.jte", StatusPageModel.of(parts.view(), parts.active(), parts.history()), output);
    return output.toString();
  }

  // --- a tolerant HTML tokenizer: start and end tags with their attributes, text ignored ---

  private record Tag(String name, Map<String, String> attributes) {
    @Override
    public String toString() {
      return name + attributes.keySet();
    }
  }

  private static List<Tag> tags(String html) {
    List<Tag> tags = new ArrayList<>();
    int n = html.length();
    int i = 0;
    while (i < n) {
      if (html.charAt(i) != '<') {
        i++;
        continue;
      }
      if (html.startsWith("<!--", i)) {
        int end = html.indexOf("-->", i + 4);
        i = end < 0 ? n : end + 3;
        continue;
      }
      if (i + 1 < n && (html.charAt(i + 1) == '!' || html.charAt(i + 1) == '?')) {
        int end = html.indexOf('>', i);
        tags.add(new Tag("!", Map.of()));
        i = end < 0 ? n : end + 1;
        continue;
      }
      boolean closing = i + 1 < n && html.charAt(i + 1) == '/';
      int start = closing ? i + 2 : i + 1;
      if (start >= n || !isAsciiLetter(html.charAt(start))) {
        i++;
        continue;
      }
      int j = start;
      while (j < n && !isSpace(html.charAt(j)) && html.charAt(j) != '/' && html.charAt(j) != '>') {
        j++;
      }
      String name = html.substring(start, j).toLowerCase(Locale.ROOT);
      Map<String, String> attributes = new LinkedHashMap<>();
      while (j < n && html.charAt(j) != '>') {
        char c = html.charAt(j);
        if (isSpace(c) || c == '/') {
          j++;
          continue;
        }
        int k = j + 1;
        while (k < n && !isSpace(html.charAt(k)) && "/>=".indexOf(html.charAt(k)) < 0) {
          k++;
        }
        String attribute = html.substring(j, k).toLowerCase(Locale.ROOT);
        j = skipSpaces(html, k);
        String value = "";
        if (j < n && html.charAt(j) == '=') {
          j = skipSpaces(html, j + 1);
          if (j < n && (html.charAt(j) == '"' || html.charAt(j) == '\'')) {
            int end = html.indexOf(html.charAt(j), j + 1);
            value = html.substring(j + 1, end < 0 ? n : end);
            j = end < 0 ? n : end + 1;
          } else {
            int end = j;
            while (end < n && !isSpace(html.charAt(end)) && html.charAt(end) != '>') {
              end++;
            }
            value = html.substring(j, end);
            j = end;
          }
        }
        attributes.putIfAbsent(attribute, value);
      }
      tags.add(new Tag(closing ? "/" + name : name, attributes));
      i = j + 1;
      if (!closing && RAW_TEXT.contains(name)) {
        int end = html.toLowerCase(Locale.ROOT).indexOf("</" + name, i);
        i = end < 0 ? n : end;
      }
    }
    return tags;
  }

  private static List<String> markup(String html) {
    return tags(html).stream().map(Tag::toString).toList();
  }

  private static List<String> attributeNames(String html) {
    return tags(html).stream().flatMap(tag -> tag.attributes().keySet().stream()).toList();
  }

  /** Every href, src, action, formaction, data and srcdoc, unescaped. */
  private static List<String> urls(String html) {
    Set<String> urlAttributes = Set.of("href", "src", "action", "formaction", "data", "srcdoc", "xlink:href");
    return tags(html).stream().flatMap(tag -> tag.attributes().entrySet().stream())
        .filter(a -> urlAttributes.contains(a.getKey())).map(a -> unescape(a.getValue())).toList();
  }

  /** The one text {@code regex}'s group holds, checked to hold no markup, unescaped. */
  private static String text(String html, String regex) {
    Matcher matcher = Pattern.compile(regex, Pattern.DOTALL).matcher(html);
    assertThat(matcher.find()).as("%s in the page", regex).isTrue();
    String raw = matcher.group(1);
    assertThat(raw).doesNotContain("<", ">");
    return unescape(raw);
  }

  private static String unescape(String raw) {
    return REFERENCE.matcher(raw).replaceAll(reference -> {
      String name = reference.group(1);
      String text;
      if (name.startsWith("#x") || name.startsWith("#X")) {
        text = Character.toString(Integer.parseInt(name.substring(2), 16));
      } else if (name.startsWith("#")) {
        text = Character.toString(Integer.parseInt(name.substring(1)));
      } else {
        text = switch (name) {
          case "lt" -> "<";
          case "gt" -> ">";
          case "amp" -> "&";
          case "quot" -> "\"";
          case "apos" -> "'";
          default -> reference.group();
        };
      }
      return Matcher.quoteReplacement(text);
    });
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
  }

  private static int skipSpaces(String html, int from) {
    int i = from;
    while (i < html.length() && isSpace(html.charAt(i))) {
      i++;
    }
    return i;
  }

  // --- XML ---

  private static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    factory.setExpandEntityReferences(false);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  private static Set<String> elementNames(Element root) {
    Set<String> names = new LinkedHashSet<>();
    names.add(root.getLocalName());
    NodeList all = root.getElementsByTagNameNS("*", "*");
    for (int i = 0; i < all.getLength(); i++) {
      assertThat(all.item(i).getNamespaceURI()).isEqualTo(ATOM);
      names.add(all.item(i).getLocalName());
    }
    return names;
  }

  /** The texts of {@code parent}'s own children named {@code name}. */
  private static List<String> childText(Element parent, String name) {
    List<String> texts = new ArrayList<>();
    for (var child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element element && name.equals(element.getLocalName())) {
        texts.add(element.getTextContent());
      }
    }
    return texts;
  }

  /** What XML 1.0 can hold of {@code text}: the feed drops the control characters it forbids. */
  private static String withoutControlCharacters(String text) {
    StringBuilder kept = new StringBuilder();
    text.chars().filter(c -> c >= 0x20 || c == '\n' || c == '\t' || c == '\r').forEach(c -> kept.append((char) c));
    return kept.toString();
  }

}
