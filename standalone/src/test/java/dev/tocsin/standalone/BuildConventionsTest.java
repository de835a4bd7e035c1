package dev.tocsin.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** What the parent pom promises a developer who builds without the tests. */
class BuildConventionsTest {
  @Test
  void skipTestsSkipsTheIntegrationTestsToo() throws Exception {
    // Failsafe 3.x does not bind -DskipTests by itself; without this "./mvnw -DskipTests install"
    // starts Kafka clusters for minutes.
    Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Path.of("..", "pom.xml").toFile());
    assertThat(property(pom, "skipITs")).isEqualTo("${skipTests}");
    assertThat(property(pom, "skipTests")).isEqualTo("false");
  }

  private static String property(Document pom, String name) throws Exception {
    return ((String) XPathFactory.newInstance().newXPath().evaluate("/*[local-name()='project']"
        + "/*[local-name()='properties']/*[local-name()='" + name + "']", pom, XPathConstants.STRING)).strip();
  }
}
