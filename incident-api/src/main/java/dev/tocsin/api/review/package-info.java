/** The post-incident review draft and the incident figures, computed from snapshots and timelines. Pure. */
package dev.tocsin.api.review;
