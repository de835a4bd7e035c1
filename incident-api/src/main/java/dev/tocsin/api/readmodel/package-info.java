/** The read model: incidents and their timelines from Kafka, and an in-memory catalogue for listing them. */
package dev.tocsin.api.readmodel;
