/** Kafka serdes for Avro records in the Confluent Schema Registry wire format. */
package dev.tocsin.schemas.serde;
