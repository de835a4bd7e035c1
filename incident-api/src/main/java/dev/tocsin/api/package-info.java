/** The incident API service: wiring of the read model, the HTTP handler and the command publisher. */
package dev.tocsin.api;
