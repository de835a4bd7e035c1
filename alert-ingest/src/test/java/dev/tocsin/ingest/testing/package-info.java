/** Test helpers shared by this module's tests. */
package dev.tocsin.ingest.testing;
