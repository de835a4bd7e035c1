/** The standalone: one JVM with an embedded KRaft broker, a schema registry endpoint and the three services. */
package dev.tocsin.standalone;
