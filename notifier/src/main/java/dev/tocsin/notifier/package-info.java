/** The notifier service: configuration, the Kafka consumer loop that delivers notifications, and {@code main}. */
package dev.tocsin.notifier;
