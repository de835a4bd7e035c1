/** The figures alert-ingest exposes on {@code /metrics} for Prometheus. */
package dev.tocsin.ingest.metrics;
