/** Writing accepted alerts to Kafka: the publisher interface and its idempotent-producer implementation. */
package dev.tocsin.ingest.publish;
