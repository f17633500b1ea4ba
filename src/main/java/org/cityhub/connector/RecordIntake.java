package org.cityhub.connector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cityhub.store.RawArchive;
import org.springframework.stereotype.Component;

/**
 * Durable acceptance, shared by every source shape: a batch of records is archived, queued on
 * {@code hub.inbound.<department>} in one broker transaction, then marked queued. When {@link #accept}
 * returns, the batch is safe: a source may move its watermark, move its file, or answer its caller.
 * Records already archived and queued (a re-read) are not queued again.
 */
@Component
public class RecordIntake {

    /** Content type of records in the hub's JSON form (the mapping's input). */
    public static final String JSON = "application/json";

    private final RawArchive archive;
    private final QueueWriter queues;

    public RecordIntake(RawArchive archive, QueueWriter queues) {
        this.archive = archive;
        this.queues = queues;
    }

    /**
     * Accepts a batch of records of one connector.
     *
     * @param records each record as JSON bytes (UTF-8), with a key that locates it in its source
     * @return how many records were new or changed, and queued
     */
    public int accept(String department, String connector, List<RawArchive.Received> records) {
        List<RawArchive.Archived> toQueue = archive.accept(department, connector, records);
        if (toQueue.isEmpty()) {
            return 0;
        }
        List<QueueWriter.Outgoing> messages = new ArrayList<>(toQueue.size());
        for (RawArchive.Archived a : toQueue) {
            Map<String, Object> properties = new HashMap<>();
            properties.put(ExchangeQueues.DEPARTMENT, department);
            properties.put(ExchangeQueues.CONNECTOR, connector);
            properties.put(ExchangeQueues.RAW_ID, a.id());
            if (a.recordKey() != null) {
                properties.put(ExchangeQueues.RECORD_KEY, a.recordKey());
            }
            messages.add(new QueueWriter.Outgoing(new String(a.payload(), StandardCharsets.UTF_8), properties));
        }
        queues.send(ExchangeQueues.inbound(department), messages);
        archive.markQueued(toQueue.stream().map(RawArchive.Archived::id).toList());
        return toQueue.size();
    }
}
