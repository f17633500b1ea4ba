package org.cityhub.store;

import java.time.OffsetDateTime;

/** The current state of one case as stored; {@code content} is the Case JSON document. */
public record StoredCase(long id, String supervisionCode, String department, String departmentCaseNo,
                         String status, int version, String contentHash, OffsetDateTime sourceUpdatedAt,
                         String content) {
}
