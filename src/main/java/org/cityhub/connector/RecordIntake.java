package org.cityhub.connector;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.cityhub.store.RawArchive;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;

import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;

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
    private final JmsTemplate transactedJms;

    public RecordIntake(RawArchive archive, JmsTemplate transactedJms) {
        this.archive = archive;
        this.transactedJms = transactedJms;
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
        String queue = ExchangeQueues.inbound(department);
        transactedJms.execute(session -> {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            try {
                for (RawArchive.Archived a : toQueue) {
                    TextMessage m = session.createTextMessage(new String(a.payload(), StandardCharsets.UTF_8));
                    m.setStringProperty(ExchangeQueues.DEPARTMENT, department);
                    m.setStringProperty(ExchangeQueues.CONNECTOR, connector);
                    m.setLongProperty(ExchangeQueues.RAW_ID, a.id());
                    if (a.recordKey() != null) {
                        m.setStringProperty(ExchangeQueues.RECORD_KEY, a.recordKey());
                    }
                    producer.send(m);
                }
                JmsUtils.commitIfNecessary(session);
            } finally {
                JmsUtils.closeMessageProducer(producer);
            }
            return null;
        }, false);
        archive.markQueued(toQueue.stream().map(RawArchive.Archived::id).toList());
        return toQueue.size();
    }
}
