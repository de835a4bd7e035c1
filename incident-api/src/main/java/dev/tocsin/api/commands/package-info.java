/** Pure mapping of API requests to incident commands. */
package dev.tocsin.api.commands;
