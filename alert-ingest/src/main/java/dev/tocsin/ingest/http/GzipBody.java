package dev.tocsin.ingest.http;

import java.io.ByteArrayOutputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip-coded request body (RFC 1952) decoded strictly and within a bound on the decoded size, so
 * a small body cannot inflate into a large one. Unlike {@link java.util.zip.GZIPInputStream}, it
 * refuses bytes after the last member instead of ignoring them: what Tocsin parses is exactly what
 * was sent. Stateless and thread-safe.
 */
final class GzipBody {
  private static final int ID1 = 0x1f;
  private static final int ID2 = 0x8b;
  private static final int DEFLATE = 8;
  private static final int FHCRC = 0x02;
  private static final int FEXTRA = 0x04;
  private static final int FNAME = 0x08;
  private static final int FCOMMENT = 0x10;
  private static final int RESERVED_FLAGS = 0xe0;
  private static final int FIXED_HEADER = 10;
  private static final int TRAILER = 8;

  /** The outcome of decoding. */
  sealed interface Decoded {
  }

  /** The decoded body. */
  record Body(byte[] bytes) implements Decoded {
  }

  /** The decoded body would be larger than the limit. */
  record TooLarge() implements Decoded {
  }

  /**
   * The body is not gzip.
   *
   * @param reason what is wrong, for a response
   */
  record Corrupt(String reason) implements Decoded {
  }

  private GzipBody() {
  }

  /** Decodes {@code body}, one gzip member after another, giving up as soon as more than {@code limit} bytes come out. */
  static Decoded decode(byte[] body, int limit) {
    if (body.length == 0) {
      return new Corrupt("empty");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, 4 * body.length));
    byte[] buffer = new byte[8192];
    int position = 0;
    while (position < body.length) {
      int data = skipHeader(body, position);
      if (data < 0) {
        return new Corrupt(position == 0 ? "not in gzip format" : "bytes after the end of the gzip data");
      }
      Inflater inflater = new Inflater(true);
      CRC32 crc = new CRC32();
      long size = 0;
      try {
        inflater.setInput(body, data, body.length - data);
        while (!inflater.finished()) {
          int n = inflater.inflate(buffer);
          if (n == 0 && !inflater.finished()) {
            return new Corrupt("truncated");
          }
          if (out.size() + (long) n > limit) {
            return new TooLarge();
          }
          out.write(buffer, 0, n);
          crc.update(buffer, 0, n);
          size += n;
        }
        position = body.length - inflater.getRemaining();
      } catch (DataFormatException e) {
        return new Corrupt("invalid deflate data");
      } finally {
        inflater.end();
      }
      if (position + TRAILER > body.length) {
        return new Corrupt("truncated");
      }
      if (littleEndianInt(body, position) != (int) crc.getValue()) {
        return new Corrupt("CRC mismatch");
      }
      if (littleEndianInt(body, position + 4) != (int) size) {
        return new Corrupt("length mismatch");
      }
      position += TRAILER;
    }
    return new Body(out.toByteArray());
  }

  /** Where the compressed data of the member starting at {@code start} begins, or -1 when no valid header is there. */
  private static int skipHeader(byte[] body, int start) {
    if (start + FIXED_HEADER > body.length) {
      return -1;
    }
    int flags = body[start + 3] & 0xff;
    if ((body[start] & 0xff) != ID1 || (body[start + 1] & 0xff) != ID2 || body[start + 2] != DEFLATE
        || (flags & RESERVED_FLAGS) != 0) {
      return -1;
    }
    int position = start + FIXED_HEADER;
    if ((flags & FEXTRA) != 0) {
      if (position + 2 > body.length) {
        return -1;
      }
      position += 2 + ((body[position] & 0xff) | (body[position + 1] & 0xff) << 8);
    }
    if ((flags & FNAME) != 0) {
      position = afterZero(body, position);
    }
    if ((flags & FCOMMENT) != 0) {
      position = afterZero(body, position);
    }
    if ((flags & FHCRC) != 0 && position >= 0 && position + 2 <= body.length) {
      CRC32 crc = new CRC32();
      crc.update(body, start, position - start);
      int expected = (body[position] & 0xff) | (body[position + 1] & 0xff) << 8;
      position = ((int) crc.getValue() & 0xffff) == expected ? position + 2 : -1;
    } else if ((flags & FHCRC) != 0) {
      return -1;
    }
    return position >= 0 && position <= body.length ? position : -1;
  }

  /** The index after the next zero byte from {@code position}, or -1 when there is none. */
  private static int afterZero(byte[] body, int position) {
    if (position < 0) {
      return -1;
    }
    for (int i = position; i < body.length; i++) {
      if (body[i] == 0) {
        return i + 1;
      }
    }
    return -1;
  }

  private static int littleEndianInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) | (bytes[at + 1] & 0xff) << 8 | (bytes[at + 2] & 0xff) << 16 | (bytes[at + 3] & 0xff) << 24;
  }
}
