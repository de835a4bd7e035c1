/** Incident decisions as plain Java: dedup, grouping, severity and the incident state machine. */
package dev.tocsin.incidents.domain;
