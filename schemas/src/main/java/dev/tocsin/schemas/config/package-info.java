/** How services read their settings: environment variables mapped to dotted keys, Kafka client pass-through. */
package dev.tocsin.schemas.config;
