/** HTTP pieces every Tocsin server shares: request ids, bounded bodies, authentication outcomes. */
package dev.tocsin.ops.http;
