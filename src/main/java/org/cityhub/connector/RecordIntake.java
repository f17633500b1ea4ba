package org.cityhub.connector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cityhub.store.Alerts;
import org.cityhub.store.DepartmentStore;
import org.cityhub.store.RawArchive;
import org.springframework.stereotype.Component;

/**
 * Durable acceptance, shared by every source shape: a batch of records is archived, queued on
 * {@code hub.inbound.<department>} in one broker transaction, then marked queued. When {@link #accept}
 * returns, the batch is safe: a source may move its watermark, move its file, or answer its caller.
 * Records already archived and queued (a re-read) are not queued again. A retired department's
 * records are refused ({@link Refused}) and raise an alert: its legacy system should be silent.
 */
@Component
public class RecordIntake {

    /** Content type of records in the hub's JSON form (the mapping's input). */
    public static final String JSON = "application/json";

    /** Alert kind raised when a retired department's legacy system still sends records. */
    public static final String RETIRED_SOURCE_ALERT = "RETIRED_SYSTEM_SENDS";

    private final RawArchive archive;
    private final QueueWriter queues;
    private final DepartmentStore departments;
    private final Alerts alerts;
    private final ExchangeMetrics metrics;

    public RecordIntake(RawArchive archive, QueueWriter queues, DepartmentStore departments, Alerts alerts,
                        ExchangeMetrics metrics) {
        this.metrics = metrics;
        this.archive = archive;
        this.queues = queues;
        this.departments = departments;
        this.alerts = alerts;
    }

    /** The hub refuses the records for good: sending them again will not help. The message says why. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }

    /**
     * Accepts a batch of records of one connector: {@link #archive} then {@link #queue}.
     *
     * @param records each record as JSON bytes (UTF-8), with a key that locates it in its source
     * @return how many records were new or changed, and queued
     * @throws Refused when the department is retired
     */
    public int accept(String department, String connector, List<RawArchive.Received> records) {
        return queue(archive(department, connector, records));
    }

    /** A batch archived and not yet queued: what {@link #queue} puts on the inbound queue. */
    public record ArchivedBatch(String department, String connector, int received, List<RawArchive.Archived> toQueue) {
    }

    /**
     * The first half of {@link #accept}: archives what is new of the batch. A source may archive its next batch
     * while the previous one is being queued; an archived record that never gets queued (the hub stopped in
     * between) is queued when it is read again, so a source moves its watermark only after {@link #queue}.
     *
     * @throws Refused when the department is retired
     */
    public ArchivedBatch archive(String department, String connector, List<RawArchive.Received> records) {
        if (departments.isRetired(department)) {
            alerts.raise(department, RETIRED_SOURCE_ALERT, "the retired legacy system of department " + department
                    + " still sends records (connector " + connector + "); they are refused, not stored");
            throw new Refused("department " + department + " is retired: its legacy system is switched off and its cases are"
                    + " handled on the platform; " + records.size() + " record(s) refused, nothing stored");
        }
        return new ArchivedBatch(department, connector, records.size(), archive.accept(department, connector, records));
    }

    /**
     * The second half of {@link #accept}: queues the archived batch on {@code hub.inbound.<department>} in one
     * broker transaction and marks it queued. When it returns the batch is safe.
     *
     * @return how many records were new or changed, and queued
     */
    public int queue(ArchivedBatch batch) {
        String department = batch.department();
        String connector = batch.connector();
        List<RawArchive.Archived> toQueue = batch.toQueue();
        if (toQueue.isEmpty()) {
            metrics.received(department, connector, batch.received(), 0);
            return 0;
        }
        List<QueueWriter.Outgoing> messages = new ArrayList<>(toQueue.size());
        long queuedAt = System.currentTimeMillis();
        for (RawArchive.Archived a : toQueue) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(ExchangeQueues.QUEUED_AT, queuedAt);
            properties.put(ExchangeQueues.DEPARTMENT, department);
            properties.put(ExchangeQueues.CONNECTOR, connector);
            properties.put(ExchangeQueues.RAW_ID, a.id());
            if (a.recordKey() != null) {
                properties.put(ExchangeQueues.RECORD_KEY, a.recordKey());
                // one message group per record: with parallel ingest consumers a record's versions are still
                // consumed in the order they were queued (the broker sends a group to one consumer at a time)
                properties.put("JMSXGroupID", department + "/" + connector + "/" + a.recordKey());
            }
            messages.add(new QueueWriter.Outgoing(new String(a.payload(), StandardCharsets.UTF_8), properties));
        }
        queues.send(ExchangeQueues.inbound(department), messages);
        archive.markQueued(toQueue.stream().map(RawArchive.Archived::id).toList());
        metrics.received(department, connector, batch.received(), toQueue.size());
        return toQueue.size();
    }
}
