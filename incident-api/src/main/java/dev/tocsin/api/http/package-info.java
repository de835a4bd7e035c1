/** The incident API over HTTP: routes, authentication, JSON. */
package dev.tocsin.api.http;
