/** The incident engine service: configuration, start-up and the Kafka Streams application. */
package dev.tocsin.incidents;
