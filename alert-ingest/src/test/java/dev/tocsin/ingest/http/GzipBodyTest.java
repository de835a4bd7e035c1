package dev.tocsin.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

class GzipBodyTest {
  private static final byte[] JSON = "{\"alerts\":[]}".getBytes(StandardCharsets.UTF_8);

  @Test
  void decodesOneMember() {
    assertThat(decoded(GzipBody.decode(gzip(JSON), 1000))).isEqualTo(JSON);
  }

  @Test
  void decodesConcatenatedMembersAsOneBody() {
    byte[] twice = concat(gzip("{\"a\":".getBytes(StandardCharsets.UTF_8)), gzip("1}".getBytes(StandardCharsets.UTF_8)));

    assertThat(decoded(GzipBody.decode(twice, 1000))).isEqualTo("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void skipsTheOptionalHeaderFields() {
    byte[] plain = gzip(JSON);
    // FEXTRA (2 bytes), FNAME and FCOMMENT, then FHCRC over all of it.
    byte[] header = concat(Arrays.copyOf(plain, 10), new byte[] {2, 0, 'x', 'y'}, "alerts.json\0".getBytes(
        StandardCharsets.US_ASCII), "note\0".getBytes(StandardCharsets.US_ASCII));
    header[3] = 0x02 | 0x04 | 0x08 | 0x10;
    CRC32 crc = new CRC32();
    crc.update(header);
    int headerCrc = (int) crc.getValue();
    byte[] withOptions = concat(header, new byte[] {(byte) headerCrc, (byte) (headerCrc >>> 8)},
        Arrays.copyOfRange(plain, 10, plain.length));

    assertThat(decoded(GzipBody.decode(withOptions, 1000))).isEqualTo(JSON);

    withOptions[header.length] ^= 1;
    assertThat(GzipBody.decode(withOptions, 1000)).isEqualTo(new GzipBody.Corrupt("not in gzip format"));
  }

  @Test
  void refusesReservedFlags() {
    byte[] body = gzip(JSON);
    body[3] = (byte) 0x20;

    assertThat(GzipBody.decode(body, 1000)).isEqualTo(new GzipBody.Corrupt("not in gzip format"));
  }

  @Test
  void refusesAWrongChecksumOrLength() {
    byte[] badCrc = gzip(JSON);
    badCrc[badCrc.length - 8] ^= 1;
    byte[] badLength = gzip(JSON);
    badLength[badLength.length - 4] ^= 1;

    assertThat(GzipBody.decode(badCrc, 1000)).isEqualTo(new GzipBody.Corrupt("CRC mismatch"));
    assertThat(GzipBody.decode(badLength, 1000)).isEqualTo(new GzipBody.Corrupt("length mismatch"));
  }

  @Test
  void refusesAnEmptyBody() {
    assertThat(GzipBody.decode(new byte[0], 1000)).isEqualTo(new GzipBody.Corrupt("empty"));
  }

  @Test
  void holdsTheDecodedSizeToTheLimit() {
    byte[] body = gzip(new byte[100_000]);

    assertThat(decoded(GzipBody.decode(body, 100_000))).hasSize(100_000);
    assertThat(GzipBody.decode(body, 99_999)).isEqualTo(new GzipBody.TooLarge());
  }

  private static byte[] decoded(GzipBody.Decoded decoded) {
    assertThat(decoded).isInstanceOf(GzipBody.Body.class);
    return ((GzipBody.Body) decoded).bytes();
  }

  /** {@code body} gzip-compressed, as a client sends it with Content-Encoding: gzip. */
  static byte[] gzip(byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}
