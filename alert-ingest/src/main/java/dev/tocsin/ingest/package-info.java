/** The alert-ingest service: configuration, start-up and shutdown of the HTTP server and the alert publisher. */
package dev.tocsin.ingest;
