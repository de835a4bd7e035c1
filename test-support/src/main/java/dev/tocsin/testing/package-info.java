/** Test support shared by every module: a real in-process Kafka cluster, recorded payloads, polling helpers. */
package dev.tocsin.testing;
