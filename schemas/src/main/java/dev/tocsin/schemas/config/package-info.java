/**
 * How services read their settings: environment variables mapped to dotted keys, Kafka client
 * pass-through, and the checks the YAML configuration readers share.
 */
package dev.tocsin.schemas.config;
