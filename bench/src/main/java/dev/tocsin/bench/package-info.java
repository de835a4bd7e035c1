/** Benchmarks: programs that start real components and print figures. */
package dev.tocsin.bench;
