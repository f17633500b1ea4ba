/**
 * Connectors: loads and validates the connector files under {@code connectors/}, instantiates the
 * route templates of {@code routes/} per department, and runs the ingest stages (source → raw archive
 * + queue → mapping → store, failures to the department's dead-letter queue).
 */
package org.cityhub.connector;
