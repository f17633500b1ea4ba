package org.cityhub.store;

import java.time.OffsetDateTime;

/**
 * One version of a case in the change log, with the raw message it came from.
 *
 * @param seq          position in the change feed
 * @param content      the Case JSON document of this version
 * @param rawMessageId the raw archive entry (null for changes not made from a department message)
 * @param receivedAt   when that raw message was received
 * @param rawSha256    its SHA-256
 * @param rawPurgedAt  when the raw message's payload was purged by the retention setting (null: still kept)
 */
public record CaseVersion(long seq, int version, String status, OffsetDateTime recordedAt, String connector,
                          Long rawMessageId, OffsetDateTime receivedAt, String rawSha256, String content,
                          OffsetDateTime rawPurgedAt) {

    /** A version whose raw message (if any) is still kept. */
    public CaseVersion(long seq, int version, String status, OffsetDateTime recordedAt, String connector,
                       Long rawMessageId, OffsetDateTime receivedAt, String rawSha256, String content) {
        this(seq, version, status, recordedAt, connector, rawMessageId, receivedAt, rawSha256, content, null);
    }
}
