package org.cityhub.connector;

import java.util.List;

/**
 * A source that can read a department's whole history in pages ordered by a stable key: what a
 * retire-mode migration reads through. The reading is restartable: give the last key of the previous
 * page to get the next.
 */
public interface SnapshotSource {

    /** One legacy record: its key, its JSON form (the mapping's input) and its change time or number, if any. */
    record SnapshotRecord(String key, byte[] payload, String watermark) {
    }

    /** A page of records in key order; {@code lastKey} is where the next page starts after. */
    record SnapshotPage(List<SnapshotRecord> records, String lastKey, String maxWatermark) {
    }

    /**
     * The page after {@code afterKey} (null for the first page).
     *
     * @throws Exception when the department's system cannot be read; the caller may try again later
     */
    SnapshotPage snapshotPage(String afterKey) throws Exception;

    /** The later of two watermarks as this source writes them (either may be null). */
    String laterWatermark(String a, String b);

    /** Records per page. */
    int pageSize();

    /** How many records the source holds now. */
    long countRecords() throws Exception;

    /**
     * How many records were added or changed after a snapshot that ended at {@code lastKey} and saw no
     * change later than {@code maxWatermark}: what a retired legacy system still writes.
     */
    long countChangedAfter(String lastKey, String maxWatermark) throws Exception;
}
