package dev.tocsin.schemas.serde;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/**
 * The Confluent Schema Registry framing: magic byte 0, the schema id as a big-endian int32,
 * then the Avro binary datum.
 */
public final class WireFormat {
  public static final byte MAGIC_BYTE = 0;
  public static final int HEADER_LENGTH = 5;

  private WireFormat() {
  }

  /** Frames {@code datum} with {@code schemaId}. */
  public static byte[] frame(int schemaId, byte[] datum) {
    return ByteBuffer.allocate(HEADER_LENGTH + datum.length).put(MAGIC_BYTE).putInt(schemaId).put(datum).array();
  }

  /** Writes the header that frames a datum with {@code schemaId}; the datum follows it. */
  public static void writeHeader(int schemaId, OutputStream out) throws IOException {
    out.write(MAGIC_BYTE);
    out.write(schemaId >>> 24);
    out.write(schemaId >>> 16);
    out.write(schemaId >>> 8);
    out.write(schemaId);
  }

  /** The schema id of a framed payload; throws {@link SerializationException} if it is not one. */
  public static int schemaId(byte[] payload) {
    if (payload.length < HEADER_LENGTH) {
      throw new SerializationException("payload of " + payload.length
          + " bytes is too short for the schema registry wire format (needs at least 5)");
    }
    if (payload[0] != MAGIC_BYTE) {
      throw new SerializationException("unknown magic byte " + (payload[0] & 0xff)
          + ": expected 0 (schema registry wire format with an int schema id)");
    }
    return ByteBuffer.wrap(payload, 1, 4).getInt();
  }
}
