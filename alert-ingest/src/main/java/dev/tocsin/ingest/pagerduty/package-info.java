/** PagerDuty webhooks v3 in plain Java: signature checks and incident events as incident commands. */
package dev.tocsin.ingest.pagerduty;
