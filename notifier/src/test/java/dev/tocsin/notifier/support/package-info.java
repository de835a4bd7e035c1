/** Test fixtures for the notifier: sample notifications and a recording webhook receiver. */
package dev.tocsin.notifier.support;
