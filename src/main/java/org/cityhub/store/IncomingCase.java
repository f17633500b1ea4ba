package org.cityhub.store;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A mapped, validated case ready for the store.
 *
 * @param department   department code
 * @param region       the department's 6-digit region code, the first part of new supervision codes
 * @param connector    the connector it came through
 * @param rawMessageId the raw archive entry it was mapped from
 * @param mapped       the case document as the mapping produced it (no hub fields)
 */
public record IncomingCase(String department, String region, String connector, Long rawMessageId, ObjectNode mapped) {
}
