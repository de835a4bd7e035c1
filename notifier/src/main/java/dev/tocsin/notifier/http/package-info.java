/** The notifier's operational HTTP server: metrics and health probes. */
package dev.tocsin.notifier.http;
