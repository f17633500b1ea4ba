package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The raw archive: every legacy record exactly as received, with its SHA-256, before any mapping.
 *
 * <p>Archiving and queueing are two systems (database and broker) without a shared transaction, so a
 * record is first archived, then queued, then marked queued. A crash in between leaves it archived but
 * unqueued; the next poll reads it again and {@link #accept} hands it out again. The worst case is a
 * record queued twice, which the idempotent store absorbs; a record is never lost.
 */
@Component
public class RawArchive {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public RawArchive(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A record as received. */
    public record Received(String recordKey, String contentType, byte[] payload) {
    }

    /** A record that is archived and still has to be queued. */
    public record Archived(long id, String recordKey, String sha256, OffsetDateTime receivedAt, byte[] payload) {
    }

    /**
     * Archives what is new and returns every record of the batch that is not yet queued, in batch
     * order. Records already archived and queued (re-read by an overlapping poll) are left out.
     */
    public List<Archived> accept(String department, String connector, List<Received> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        Map<String, Received> byHash = new LinkedHashMap<>();
        for (Received r : batch) {
            byHash.putIfAbsent(Sha256.hex(r.payload()), r);
        }
        Map<String, Known> known = known(department, connector, byHash.keySet());
        OffsetDateTime now = OffsetDateTime.now(clock);
        List<Object[]> inserts = new ArrayList<>();
        for (Map.Entry<String, Received> e : byHash.entrySet()) {
            if (!known.containsKey(e.getKey())) {
                Received r = e.getValue();
                inserts.add(new Object[] {department, connector, shorten(r.recordKey()), now, r.contentType(), r.payload(), e.getKey()});
            }
        }
        if (!inserts.isEmpty()) {
            jdbc.batchUpdate("insert into raw_message (department, connector, record_key, received_at, content_type,"
                    + " payload, sha256) values (?,?,?,?,?,?,?)", inserts);
            known = known(department, connector, byHash.keySet());
        }
        List<Archived> toQueue = new ArrayList<>();
        for (Map.Entry<String, Received> e : byHash.entrySet()) {
            Known k = known.get(e.getKey());
            if (!k.queued) {
                toQueue.add(new Archived(k.id, e.getValue().recordKey(), e.getKey(), k.receivedAt, e.getValue().payload()));
            }
        }
        return toQueue;
    }

    /**
     * Marks records as durably queued: one narrow marker row each ({@code raw_message_queued}), so the archived
     * rows themselves are written once. Marking an id twice is harmless.
     */
    public void markQueued(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(ids.size());
        for (Long id : ids) {
            rows.add(new Object[] {id});
        }
        jdbc.batchUpdate("insert into raw_message_queued (raw_message_id) values (?) on conflict do nothing", rows);
    }

    /** One archived message, for history and replay. */
    public Optional<Archived> find(long id) {
        return jdbc.query("select id, record_key, sha256, received_at, payload from raw_message where id = ?",
                (rs, i) -> new Archived(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getBytes(5)), id).stream().findFirst();
    }

    /** An archived message as a replay reads it. */
    public record Stored(long id, String connector, String recordKey, OffsetDateTime receivedAt, byte[] payload) {
    }

    /**
     * A page of a department's archived messages received in [{@code from}, {@code to}), optionally of one
     * connector, with ids above {@code afterId}, in id order: a replay pages through a range with bounded memory.
     */
    public List<Stored> page(String department, String connector, OffsetDateTime from, OffsetDateTime to, long afterId, int limit) {
        List<Object> args = new ArrayList<>(List.of(department, from, to, afterId));
        // a purged message has no payload left to replay
        String sql = "select id, connector, record_key, received_at, payload from raw_message where department = ?"
                + " and received_at >= ? and received_at < ? and id > ? and purged_at is null";
        if (connector != null) {
            sql += " and connector = ?";
            args.add(connector);
        }
        return jdbc.query(sql + " order by id", ps -> {
            for (int i = 0; i < args.size(); i++) {
                ps.setObject(i + 1, args.get(i));
            }
            ps.setMaxRows(limit);
        }, (rs, i) -> new Stored(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class), rs.getBytes(5)));
    }

    /** How many archived messages {@link #page} pages through. */
    public long countRange(String department, String connector, OffsetDateTime from, OffsetDateTime to) {
        return connector == null
                ? jdbc.queryForObject("select count(*) from raw_message where department = ? and received_at >= ? and received_at < ?"
                        + " and purged_at is null", Long.class, department, from, to)
                : jdbc.queryForObject("select count(*) from raw_message where department = ? and received_at >= ? and received_at < ?"
                        + " and connector = ? and purged_at is null", Long.class, department, from, to, connector);
    }

    /**
     * Blanks the payload of up to {@code limit} raw messages received before {@code cutoff} and not yet purged,
     * oldest first; each keeps its row, SHA-256, key and times, and gets {@code purged_at}. A record received
     * again later is still recognised by its hash; case history still names the message.
     *
     * @return how many messages were purged (fewer than {@code limit}: none are left before the cutoff)
     */
    public int purgeBefore(OffsetDateTime cutoff, int limit) {
        List<Long> ids = jdbc.query("select id from raw_message where received_at < ? and purged_at is null order by received_at, id",
                ps -> {
                    ps.setObject(1, cutoff);
                    ps.setMaxRows(limit);
                }, (rs, i) -> rs.getLong(1));
        if (ids.isEmpty()) {
            return 0;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        String marks = String.join(",", Collections.nCopies(ids.size(), "?"));
        List<Object> args = new ArrayList<>();
        args.add(new byte[0]);
        args.add(now);
        args.addAll(ids);
        // "purged_at is null" again: two nodes purging at once blank each message once
        return jdbc.update("update raw_message set payload = ?, purged_at = ? where purged_at is null and id in (" + marks + ")",
                args.toArray());
    }

    /** When a raw message was purged, if it was. */
    public Optional<OffsetDateTime> purgedAt(long id) {
        return jdbc.query("select purged_at from raw_message where id = ?", (rs, i) -> rs.getObject(1, OffsetDateTime.class), id)
                .stream().filter(java.util.Objects::nonNull).findFirst();
    }

    /** Number of archived messages of a department. */
    public long count(String department) {
        return jdbc.queryForObject("select count(*) from raw_message where department = ?", Long.class, department);
    }

    /**
     * The department's connector's archived messages among these hashes, and whether each is marked queued.
     *
     * <p>Two look-ups by unique key, each answered by its index whatever the planner knows of the tables: the messages
     * by their whole unique key {@code (sha256, department, connector)}, then the queued marks by id. One statement
     * joining the marks made PostgreSQL hash the whole of {@code raw_message_queued}, which grows with every message
     * archived, for every page polled; without statistics (autovacuum off, or a table growing fast between two ANALYZEs)
     * it scanned {@code raw_message} whole as well (bench/NOTES.md, issue 7).
     */
    private Map<String, Known> known(String department, String connector, java.util.Collection<String> hashes) {
        List<Object> args = new ArrayList<>(hashes.size() + 2);
        args.add(department);
        args.add(connector);
        args.addAll(hashes);
        Map<Long, String> byId = new HashMap<>();
        Map<String, OffsetDateTime> receivedAt = new HashMap<>();
        jdbc.query("select id, sha256, received_at from raw_message where department = ? and connector = ? and sha256 in ("
                + String.join(",", Collections.nCopies(hashes.size(), "?")) + ")", rs -> {
                    byId.put(rs.getLong(1), rs.getString(2));
                    receivedAt.put(rs.getString(2), rs.getObject(3, OffsetDateTime.class));
                }, args.toArray());
        java.util.Set<Long> queued = new java.util.HashSet<>();
        if (!byId.isEmpty()) {
            jdbc.query("select raw_message_id from raw_message_queued where raw_message_id in ("
                    + String.join(",", Collections.nCopies(byId.size(), "?")) + ")",
                    rs -> {
                        queued.add(rs.getLong(1));
                    }, byId.keySet().toArray());
        }
        Map<String, Known> known = new HashMap<>();
        byId.forEach((id, hash) -> known.put(hash, new Known(id, queued.contains(id), receivedAt.get(hash))));
        return known;
    }

    private static String shorten(String key) {
        return key == null || key.length() <= 200 ? key : key.substring(0, 200);
    }

    private record Known(long id, boolean queued, OffsetDateTime receivedAt) {
    }
}
