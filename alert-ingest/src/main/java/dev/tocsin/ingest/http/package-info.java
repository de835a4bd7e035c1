/** The thin Jetty adapter: routing, authentication, limits and JSON responses around the domain parser and the publisher. */
package dev.tocsin.ingest.http;
