/**
 * The incident engine's behaviour configuration (the engine's sections of {@code tocsin.yml}) as
 * plain, immutable Java: matchers, the route tree, severity, escalation, silences and inhibition.
 */
package dev.tocsin.incidents.config;
