package dev.tocsin.schemas.registry;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry Tocsin's serdes use. Implementations are
 * thread-safe.
 */
public interface SchemaRegistryClient {

  /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
  int register(String subject, Schema schema);

  /** The schema with the given global id. */
  Schema getById(int id);

  /** The latest version registered under {@code subject}. */
  RegisteredSchema latest(String subject);
}
