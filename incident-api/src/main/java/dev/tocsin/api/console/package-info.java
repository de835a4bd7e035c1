/** The on-call console: server-rendered pages behind a login, acting through the same commands as the API. */
package dev.tocsin.api.console;
