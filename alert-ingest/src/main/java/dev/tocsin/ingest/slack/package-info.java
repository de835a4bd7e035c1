/** Slack in plain Java: request signatures, the {@code /incident} slash command and button clicks as incident commands. */
package dev.tocsin.ingest.slack;
