package dev.tocsin.notifier;

import dev.tocsin.avro.Notification;

/** What a consumed record decodes to ({@link NotificationDecoder}). */
sealed interface Decoded {
  /** A notification to deliver. */
  record Ok(Notification notification) implements Decoded {
  }

  /** Bytes that will never decode; they go to the dead-letter topic. */
  record Undecodable(String reason) implements Decoded {
  }

  /** Decoding failed for reasons outside the record (registry down); read it again later. */
  record Unavailable(String reason) implements Decoded {
  }
}
