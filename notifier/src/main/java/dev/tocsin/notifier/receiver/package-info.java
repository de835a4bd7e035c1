/** Receivers as {@code tocsin.yml} names them: parsed, validated and resolved into immutable records. */
package dev.tocsin.notifier.receiver;
