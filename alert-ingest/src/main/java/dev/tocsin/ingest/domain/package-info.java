/** Source-independent alert rules in plain Java: fingerprints and severity aliases. */
package dev.tocsin.ingest.domain;
