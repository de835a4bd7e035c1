/** Pure list queries: filters parsed from a request's parameters, and opaque cursors. */
package dev.tocsin.api.query;
