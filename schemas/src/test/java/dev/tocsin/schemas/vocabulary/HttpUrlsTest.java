package dev.tocsin.schemas.vocabulary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlsTest {

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:8080/x", "https://hooks.slack.com/services/T/B/C", "HTTPS://EXAMPLE.COM",
      "  https://example.com/path?q=1  "})
  void acceptsAbsoluteHttpUrlsWithAHost(String text) {
    assertThat(HttpUrls.parse(text)).isPresent();
    assertThat(HttpUrls.isAbsoluteHttp(URI.create(text.strip()))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "example.com", "/relative/path", "ftp://example.com", "javascript:alert(1)",
      "mailto:oncall@example.com", "https://", "http:///path", "https://exa mple.com", "file:///etc/passwd"})
  void refusesAnythingElse(String text) {
    assertThat(HttpUrls.parse(text)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://user:s3cret@example.com", "https://exa mple.com/?token=s3cret"})
  void theMessageNamesTheSettingButNeverQuotesTheUrl(String secretUrl) {
    assertThatIllegalArgumentException().isThrownBy(() -> HttpUrls.require(secretUrl, "Slack webhook URL"))
        .withMessage("Slack webhook URL must be an absolute http(s) URL with a host")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret"));
  }
}
