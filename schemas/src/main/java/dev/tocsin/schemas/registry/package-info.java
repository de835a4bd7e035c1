/** A client for the Confluent Schema Registry REST API subset Tocsin needs, and an in-process registry. */
package dev.tocsin.schemas.registry;
