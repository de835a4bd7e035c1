/** Strict reading of JSON request bodies that reports every problem with its field path and enforces the alert limits. */
package dev.tocsin.ingest.json;
