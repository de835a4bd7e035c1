/** The public status page: components, their states and uptime, public incidents and maintenance, in HTML and Statuspage's JSON. */
package dev.tocsin.api.status;
