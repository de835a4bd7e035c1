/**
 * The facts several modules must agree on, each in one class: severity aliases, incident ids and
 * links, absolute http(s) URLs, Slack's action ids and mrkdwn escaping, dead-letter headers.
 */
package dev.tocsin.schemas.vocabulary;
