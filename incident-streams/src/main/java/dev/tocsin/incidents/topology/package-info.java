/** The Kafka Streams topology: thin processors that read state, call the domain and write results. */
package dev.tocsin.incidents.topology;
