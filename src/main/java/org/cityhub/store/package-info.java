/**
 * The exchange data store: current cases, the append-only change log the platform pages on, the raw
 * archive of every message received, department records and source watermarks. Flyway migrations
 * live in {@code src/main/resources/db/migration}.
 */
package org.cityhub.store;
