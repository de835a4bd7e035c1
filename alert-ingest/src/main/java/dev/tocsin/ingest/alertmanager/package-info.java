/** The Alertmanager webhook (version 4) in plain Java: parsing, validation against the alert limits and mapping to {@code Alert} records. */
package dev.tocsin.ingest.alertmanager;
