/** The figures the notifier exposes on {@code /metrics} for Prometheus. */
package dev.tocsin.notifier.metrics;
