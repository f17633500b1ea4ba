package org.cityhub.ops;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.cityhub.connector.ConnectorFile;
import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.connector.ExchangeQueues;
import org.cityhub.connector.QueueWriter;
import org.cityhub.connector.ReplayedRecord;
import org.cityhub.store.RawArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;

/**
 * Replays from the raw archive: a department's archived records of a received-at range are put on its
 * inbound queue again, page by page (bounded memory), by a background job whose progress is kept in
 * {@code ops_replay}. Each record is marked {@code CityhubReplay=archive-<id>}; the ingest maps it with the
 * current mapping and the idempotent store makes a new case version only where the result differs. The
 * ingest reports each replayed record's effect back ({@link ReplayedRecord}), counted on the job.
 *
 * <p>A page is queued in one broker transaction and then the job's position is saved; a hub stopped in
 * between queues that page once more when the job resumes at start-up, which the idempotent store absorbs.
 */
@Component
class ArchiveReplays implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ArchiveReplays.class);
    static final String PREFIX = "archive-";

    /**
     * A replay job. {@code state} is RUNNING, DONE (everything queued) or FAILED; {@code skipped} counts records of
     * connectors the department's connector file no longer has (no ingest could map them); the effects
     * (created ... deadLettered) count up as the ingest maps the queued records.
     */
    record Replay(long id, String department, String connector, OffsetDateTime from, OffsetDateTime to, String reason,
                  String actor, String state, long total, long queued, long skipped, long created, long updated, long unchanged, long stale,
                  long deadLettered, String error, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    private final JdbcTemplate jdbc;
    private final ConnectorRegistry registry;
    private final RawArchive archive;
    private final QueueWriter queues;
    private final OpsProperties props;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "cityhub-archive-replay");
        t.setDaemon(true);
        return t;
    });

    ArchiveReplays(JdbcTemplate jdbc, ConnectorRegistry registry, RawArchive archive, QueueWriter queues, OpsProperties props,
                   Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.archive = archive;
        this.queues = queues;
        this.props = props;
        this.clock = clock;
    }

    /** Records the replay and starts it in the background. */
    Replay start(String department, String connector, OffsetDateTime from, OffsetDateTime to, String reason, String actor) {
        long total = archive.countRange(department, connector, from, to);
        OffsetDateTime now = OffsetDateTime.now(clock);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(c -> {
            var ps = c.prepareStatement("insert into ops_replay (department, connector, from_at, to_at, reason, actor, state, total,"
                    + " queued, skipped, last_raw_id, created, updated, unchanged, stale, dead_lettered, started_at)"
                    + " values (?,?,?,?,?,?,'RUNNING',?,0,0,0,0,0,0,0,0,?)", new String[] {"id"});
            ps.setString(1, department);
            ps.setString(2, connector);
            ps.setObject(3, from);
            ps.setObject(4, to);
            ps.setString(5, reason);
            ps.setString(6, actor);
            ps.setLong(7, total);
            ps.setObject(8, now);
            return ps;
        }, key);
        long id = key.getKey().longValue();
        worker.submit(() -> run(id));
        return find(id).orElseThrow();
    }

    Optional<Replay> find(long id) {
        return jdbc.query("select * from ops_replay where id = ?", (rs, i) -> replay(rs), id).stream().findFirst();
    }

    List<Replay> recent(int limit) {
        return jdbc.query("select * from ops_replay order by id desc", ps -> ps.setMaxRows(limit), (rs, i) -> replay(rs));
    }

    /** Jobs a stopped hub left running go on from where they were. */
    @EventListener(ApplicationReadyEvent.class)
    void resume() {
        for (Long id : jdbc.queryForList("select id from ops_replay where state = 'RUNNING' order by id", Long.class)) {
            log.info("resuming raw-archive replay {}", id);
            worker.submit(() -> run(id));
        }
    }

    /** Counts a replayed record's effect on its job. */
    @EventListener
    void counted(ReplayedRecord r) {
        if (r.replay() == null || !r.replay().startsWith(PREFIX)) {
            return;
        }
        String column = switch (r.effect()) {
            case "CREATED" -> "created";
            case "UPDATED" -> "updated";
            case "UNCHANGED" -> "unchanged";
            case "STALE" -> "stale";
            case ReplayedRecord.DEAD_LETTERED -> "dead_lettered";
            default -> null;
        };
        if (column != null) {
            try {
                jdbc.update("update ops_replay set " + column + " = " + column + " + 1 where id = ?",
                        Long.parseLong(r.replay().substring(PREFIX.length())));
            } catch (NumberFormatException e) {
                log.warn("replayed record with an unknown replay mark {}", r.replay());
            }
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }

    private void run(long id) {
        Replay job = find(id).orElseThrow();
        long after = jdbc.queryForObject("select last_raw_id from ops_replay where id = ?", Long.class, id);
        try {
            while (!Thread.currentThread().isInterrupted()) {
                List<RawArchive.Stored> page = archive.page(job.department(), job.connector(), job.from(), job.to(), after,
                        props.replayPageSize());
                if (page.isEmpty()) {
                    break;
                }
                java.util.Set<String> sources = registry.department(job.department()).map(ConnectorFile::sources).orElse(List.of())
                        .stream().map(ConnectorFile.Source::name).collect(java.util.stream.Collectors.toSet());
                List<QueueWriter.Outgoing> messages = new ArrayList<>(page.size());
                int skipped = 0;
                for (RawArchive.Stored s : page) {
                    if (!sources.contains(s.connector())) {
                        skipped++;
                        continue;
                    }
                    Map<String, Object> properties = new HashMap<>();
                    properties.put(ExchangeQueues.DEPARTMENT, job.department());
                    properties.put(ExchangeQueues.CONNECTOR, s.connector());
                    properties.put(ExchangeQueues.RAW_ID, s.id());
                    if (s.recordKey() != null) {
                        properties.put(ExchangeQueues.RECORD_KEY, s.recordKey());
                    }
                    properties.put(ExchangeQueues.REPLAY, PREFIX + id);
                    messages.add(new QueueWriter.Outgoing(new String(s.payload(), StandardCharsets.UTF_8), properties));
                }
                if (!messages.isEmpty()) {
                    queues.send(ExchangeQueues.inbound(job.department()), messages);
                }
                after = page.get(page.size() - 1).id();
                jdbc.update("update ops_replay set queued = queued + ?, skipped = skipped + ?, last_raw_id = ? where id = ?",
                        messages.size(), skipped, after, id);
            }
            if (!Thread.currentThread().isInterrupted()) {
                jdbc.update("update ops_replay set state = 'DONE', finished_at = ? where id = ?", OffsetDateTime.now(clock), id);
            }
        } catch (RuntimeException e) {
            log.warn("raw-archive replay {} failed: {}", id, e.toString());
            jdbc.update("update ops_replay set state = 'FAILED', error = ?, finished_at = ? where id = ?",
                    String.valueOf(e.getMessage()).substring(0, Math.min(2000, String.valueOf(e.getMessage()).length())),
                    OffsetDateTime.now(clock), id);
        }
    }

    private static Replay replay(ResultSet rs) throws SQLException {
        return new Replay(rs.getLong("id"), rs.getString("department"), rs.getString("connector"),
                rs.getObject("from_at", OffsetDateTime.class), rs.getObject("to_at", OffsetDateTime.class), rs.getString("reason"),
                rs.getString("actor"), rs.getString("state"), rs.getLong("total"), rs.getLong("queued"), rs.getLong("skipped"), rs.getLong("created"),
                rs.getLong("updated"), rs.getLong("unchanged"), rs.getLong("stale"), rs.getLong("dead_lettered"),
                rs.getString("error"), rs.getObject("started_at", OffsetDateTime.class), rs.getObject("finished_at", OffsetDateTime.class));
    }
}
