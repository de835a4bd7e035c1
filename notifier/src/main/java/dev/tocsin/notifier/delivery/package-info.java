/** Delivery decisions and the one place that retries: channel contract, outcomes, backoff and the executor. */
package dev.tocsin.notifier.delivery;
