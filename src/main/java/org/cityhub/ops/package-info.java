/**
 * Operations on the exchange: queue figures read from the broker's management API, dead letters
 * browsed, replayed or discarded, replays from the raw archive, all audited, as the admin API
 * {@code /api/v1/ops} the ops console calls.
 */
package org.cityhub.ops;
