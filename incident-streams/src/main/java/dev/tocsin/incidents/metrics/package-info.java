/** The incident engine's Prometheus figures. */
package dev.tocsin.incidents.metrics;
