/** Tocsin's topic registry: typed topic specifications and the topics every service shares. */
package dev.tocsin.schemas;
