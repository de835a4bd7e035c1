/** API keys and their scopes. */
package dev.tocsin.api.auth;
