/** The operational HTTP endpoints (metrics and health probes) of the background services. */
package dev.tocsin.ops;
