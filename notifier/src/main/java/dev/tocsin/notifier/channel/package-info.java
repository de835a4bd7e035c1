/** Notification channels: one class per integration, each making a single attempt and classifying the answer. */
package dev.tocsin.notifier.channel;
