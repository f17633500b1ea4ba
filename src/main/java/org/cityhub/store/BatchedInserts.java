package org.cityhub.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlTypeValue;
import org.springframework.jdbc.core.StatementCreatorUtils;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Rows of an append-only log table written off the request thread, many per commit.
 *
 * <p>{@link #add} puts the row in a bounded in-memory queue and returns; one writer thread inserts whatever is
 * queued as one JDBC batch in one transaction, as soon as the previous batch is committed. Under load the
 * batches grow and one commit (one WAL flush) serves many requests; alone, a row is written a millisecond or two
 * after its request. Nothing is dropped for lack of room: when the queue is full, {@code add} inserts the row
 * itself, as a synchronous log would. A batch that fails is retried row by row; a row that still cannot be
 * written is logged at ERROR ({@code describe} says which request it was) and counted, as a failed synchronous
 * insert was. {@link #flush} waits for the rows queued before it (reads of the log call it, so a reader sees
 * every request that finished before the read); {@link #close} writes out the queue.
 *
 * <p>What a hard crash (kill -9, out of memory, power) loses: the rows queued at that instant, at most the
 * queue's capacity and in practice the requests of one batch round trip (milliseconds of traffic). Meters, with
 * {@code <name>} the log's name: gauge {@code <name>.pending} (rows in memory), counters {@code <name>.written},
 * {@code <name>.batches} (commits), {@code <name>.synchronous} (rows written by the request: queue full or
 * closing), {@code <name>.failed} (rows lost, each logged).
 */
final class BatchedInserts implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BatchedInserts.class);

    private final String name;
    private final JdbcTemplate jdbc;
    private final String insert;
    private final int maxBatch;
    private final Function<Object[], String> describe;
    private final BlockingQueue<Object[]> queue;
    /** Rows queued so far, and rows whose batch is done (written, or failed and reported). */
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final Object progress = new Object();
    private final Counter written;
    private final Counter batches;
    private final Counter failed;
    private final Counter synchronous;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param name     the meters' prefix and the writer thread's name, e.g. {@code cityhub.access_log}
     * @param insert   the insert statement, one parameter per element of a row
     * @param describe which request a row was, for the ERROR line of a row that cannot be written
     */
    BatchedInserts(String name, JdbcTemplate jdbc, String insert, int capacity, int maxBatch, MeterRegistry meters,
                   Function<Object[], String> describe) {
        this.name = name;
        this.jdbc = jdbc;
        this.insert = insert;
        this.maxBatch = maxBatch;
        this.describe = describe;
        this.queue = new ArrayBlockingQueue<>(capacity);
        Gauge.builder(name + ".pending", queue, BlockingQueue::size).description("Rows in memory, not yet written").register(meters);
        written = Counter.builder(name + ".written").description("Rows written").register(meters);
        batches = Counter.builder(name + ".batches").description("Insert batches, one commit each").register(meters);
        failed = Counter.builder(name + ".failed").description("Rows that could not be written (each logged at ERROR)")
                .register(meters);
        synchronous = Counter.builder(name + ".synchronous")
                .description("Rows written in the request's thread: the queue was full, or the hub stopping").register(meters);
        writer = new Thread(this::writeLoop, name + "-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Queues the row; when the queue is full (or closed) inserts it here. Throws only from that insert. */
    void add(Object[] row) {
        if (!closed && queue.offer(row)) {
            // counted once queued: a flush that starts after this call waits for this row
            queued.incrementAndGet();
            return;
        }
        synchronous.increment();
        jdbc.update(insert, row);
        written.increment();
    }

    /** Waits (at most {@code timeout}) until every row queued before this call is written or reported; true when so. */
    boolean flush(Duration timeout) {
        long target = queued.get();
        long until = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (done.get() < target) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    progress.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    /** Rows from here on are written by their callers; the writer empties the queue and stops. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Object[]> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
            finished(rest.size());
        }
    }

    private void writeLoop() {
        List<Object[]> batch = new ArrayList<>(maxBatch);
        while (true) {
            try {
                Object[] first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                // never interrupted on purpose; close() ends the loop
            } catch (RuntimeException | Error e) {
                log.error("{}: writer: {}", name, e.toString());
            } finally {
                if (!batch.isEmpty()) {
                    finished(batch.size());
                    batch.clear();
                }
            }
        }
    }

    private void finished(int rows) {
        done.addAndGet(rows);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** One transaction for the batch; when it fails, each row on its own, reporting those that still fail. */
    private void write(List<Object[]> batch) {
        try {
            jdbc.execute((ConnectionCallback<Void>) con -> {
                boolean auto = con.getAutoCommit();
                con.setAutoCommit(false);
                try (PreparedStatement ps = con.prepareStatement(insert)) {
                    for (Object[] row : batch) {
                        for (int i = 0; i < row.length; i++) {
                            StatementCreatorUtils.setParameterValue(ps, i + 1, SqlTypeValue.TYPE_UNKNOWN, row[i]);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                    con.commit();
                } catch (SQLException | RuntimeException e) {
                    con.rollback();
                    throw e;
                } finally {
                    con.setAutoCommit(auto);
                }
                return null;
            });
            batches.increment();
            written.increment(batch.size());
        } catch (RuntimeException e) {
            log.warn("{}: a batch of {} rows failed ({}); writing them one by one", name, batch.size(), e.toString());
            for (Object[] row : batch) {
                try {
                    jdbc.update(insert, row);
                    written.increment();
                } catch (RuntimeException one) {
                    failed.increment();
                    log.error("{}: could not record {}: {}", name, describe.apply(row), one.toString());
                }
            }
        }
    }
}
