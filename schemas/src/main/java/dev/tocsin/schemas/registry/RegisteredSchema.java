package dev.tocsin.schemas.registry;

import org.apache.avro.Schema;

/** One version of a subject in a schema registry. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
}
