package org.cityhub.ops;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.cityhub.connector.BrokerManagement;
import org.cityhub.connector.ExchangeQueues;
import org.cityhub.connector.Dispatcher;
import org.springframework.stereotype.Component;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Dead letters: browsed with their reason and payload, replayed onto the queue they came from, or
 * discarded. A replay takes the message off the dead-letter queue and sends a copy (same body and record
 * properties, without the old reason, marked {@link ExchangeQueues#REPLAY}) to its origin queue in one
 * local broker transaction: both happen or neither, so nothing is lost and nothing doubled. Works the
 * same against the embedded and a standalone broker, since it is plain JMS.
 */
@Component
class DeadLetterDesk {

    /** The stage of records a source could not even parse: there is no queue to put them back on. */
    static final String PARSE_STAGE = "parse";
    /** Artemis' property naming the address a message was on before the broker dead-lettered it. */
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    private static final Set<String> REASON_PROPERTIES = Set.of(ExchangeQueues.STAGE, ExchangeQueues.ERROR,
            ExchangeQueues.FIELD_PATH, ExchangeQueues.EXPECTED, ExchangeQueues.ACTUAL, ExchangeQueues.ATTEMPTS,
            ExchangeQueues.REPLAY);

    /**
     * One dead letter.
     *
     * @param id             the JMS message id; stable while the message is on the queue, used to act on it
     * @param attempts       deliveries of the original before it was dead-lettered
     * @param deadLetteredAt when it was put on the dead-letter queue
     * @param replayTo       the queue a replay sends it to, null when it cannot be replayed ({@code notReplayable} says why)
     */
    record DeadLetter(String id, String queue, String department, String connector, String stage, String error,
                      String fieldPath, String expected, String actual, Long rawId, String recordKey, String supervisionCode,
                      Integer attempts, OffsetDateTime deadLetteredAt, String replayTo, String notReplayable, String payload) {
    }

    record Page(String queue, List<DeadLetter> items, String next) {
    }

    /** What an action did. */
    record Result(int affected, List<String> ids, List<String> targetQueues) {
    }

    private final BrokerManagement broker;
    private final OpsProperties props;

    DeadLetterDesk(BrokerManagement broker, OpsProperties props) {
        this.broker = broker;
        this.props = props;
    }

    /** Up to {@code limit} dead letters of a queue, oldest first, starting after the message {@code after}. */
    Page browse(String queue, int limit, String after) {
        return broker.inSession(false, session -> {
            List<DeadLetter> items = new ArrayList<>();
            boolean started = after == null;
            String next = null;
            QueueBrowser browser = browser(session, queue);
            if (browser == null) {
                if (after != null) {
                    throw new IllegalArgumentException("after: no message " + after + " on " + queue + " (the queue is empty)");
                }
                return new Page(queue, List.of(), null);
            }
            try {
                Enumeration<?> e = browser.getEnumeration();
                while (e.hasMoreElements()) {
                    Message m = (Message) e.nextElement();
                    if (!started) {
                        started = m.getJMSMessageID().equals(after);
                        continue;
                    }
                    if (items.size() == limit) {
                        next = items.get(items.size() - 1).id();
                        break;
                    }
                    items.add(view(queue, m));
                }
            } finally {
                browser.close();
            }
            if (!started) {
                throw new IllegalArgumentException("after: no message " + after + " on " + queue + " (replayed or discarded meanwhile?)");
            }
            return new Page(queue, items, next);
        });
    }

    /**
     * Why an action on the given ids of a queue cannot be taken: ids not on the queue (replayed or discarded
     * meanwhile) and, for a replay, messages that cannot be replayed. Empty when all is well.
     */
    List<String> problems(String queue, List<String> wanted, boolean replay) {
        Set<String> left = new LinkedHashSet<>(wanted);
        List<String> problems = new ArrayList<>();
        broker.inSession(false, session -> {
            QueueBrowser browser = browser(session, queue);
            if (browser == null) {
                return null;
            }
            try {
                Enumeration<?> e = browser.getEnumeration();
                while (e.hasMoreElements() && !left.isEmpty()) {
                    Message m = (Message) e.nextElement();
                    if (left.remove(m.getJMSMessageID()) && replay && replayTo(queue, m) == null) {
                        problems.add(m.getJMSMessageID() + ": " + notReplayable(m));
                    }
                }
            } finally {
                browser.close();
            }
            return null;
        });
        for (String id : left) {
            problems.add(id + ": not on " + queue + " (replayed or discarded meanwhile, or a wrong id)");
        }
        return problems;
    }

    /**
     * Replays the given messages (or, with {@code ids} null, every replayable message dead-lettered up to now) of
     * a dead-letter queue onto their origin queues, in transactions of {@code cityhub.ops.action-batch-size}.
     */
    Result replay(String queue, List<String> ids) {
        return act(queue, ids, true);
    }

    /** Removes the given messages (or, with {@code ids} null, every message dead-lettered up to now) for good. */
    Result discard(String queue, List<String> ids) {
        return act(queue, ids, false);
    }

    private Result act(String queue, List<String> ids, boolean replay) {
        long upTo = System.currentTimeMillis();
        List<String> done = new ArrayList<>();
        Set<String> targets = new LinkedHashSet<>();
        List<String> selectors = new ArrayList<>();
        if (ids == null) {
            // bounded by time, so that a replayed message failing again (a new message, a later timestamp) is not taken again
            String all = "JMSTimestamp <= " + upTo;
            selectors.add(replay ? all + " AND (" + ExchangeQueues.STAGE + " IS NULL OR " + ExchangeQueues.STAGE + " <> '" + PARSE_STAGE + "')" : all);
        } else {
            for (int i = 0; i < ids.size(); i += props.actionBatchSize()) {
                List<String> batch = ids.subList(i, Math.min(ids.size(), i + props.actionBatchSize()));
                selectors.add("JMSMessageID IN (" + String.join(",", batch.stream().map(DeadLetterDesk::quote).toList()) + ")");
            }
        }
        for (String selector : selectors) {
            while (true) {
                List<String> moved = broker.inSession(true, session -> moveBatch(session, queue, selector, replay, targets));
                done.addAll(moved);
                if (moved.size() < props.actionBatchSize()) {
                    break;
                }
            }
        }
        return new Result(done.size(), done, List.copyOf(targets));
    }

    private List<String> moveBatch(Session session, String queue, String selector, boolean replay, Set<String> targets) throws JMSException {
        List<String> moved = new ArrayList<>();
        if (!exists(queue)) {
            return moved;
        }
        MessageConsumer consumer = session.createConsumer(session.createQueue(queue), selector);
        try {
            while (moved.size() < props.actionBatchSize()) {
                Message m = consumer.receive(moved.isEmpty() ? 1000 : 200);
                if (m == null) {
                    break;
                }
                if (replay) {
                    String target = replayTo(queue, m);
                    if (target == null) {
                        throw new IllegalStateException("message " + m.getJMSMessageID() + " cannot be replayed: " + notReplayable(m));
                    }
                    send(session, target, m);
                    targets.add(target);
                }
                moved.add(m.getJMSMessageID());
            }
            session.commit();
            return moved;
        } finally {
            consumer.close();
        }
    }

    /**
     * A browser of the queue, or null when the broker has no such queue: nothing was dead-lettered there yet,
     * or the broker removed it once empty (auto-delete of auto-created queues).
     */
    private QueueBrowser browser(Session session, String queue) throws JMSException {
        if (!exists(queue)) {
            return null;
        }
        try {
            return session.createBrowser(session.createQueue(queue));
        } catch (JMSException e) {
            if (!exists(queue)) {
                return null;
            }
            throw e;
        }
    }

    private boolean exists(String queue) {
        return broker.queues(queue).stream().anyMatch(f -> f.name().equals(queue));
    }

    private static void send(Session session, String target, Message original) throws JMSException {
        TextMessage copy = session.createTextMessage(original instanceof TextMessage t ? t.getText() : original.getBody(String.class));
        for (String name : Collections.list(propertyNames(original))) {
            if (name.startsWith("JMSX") || name.startsWith("_AMQ") || name.startsWith("__AMQ") || REASON_PROPERTIES.contains(name)) {
                continue;
            }
            copy.setObjectProperty(name, original.getObjectProperty(name));
        }
        copy.setStringProperty(ExchangeQueues.REPLAY, "dead-letter");
        MessageProducer producer = session.createProducer(session.createQueue(target));
        try {
            producer.send(copy);
        } finally {
            producer.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static Enumeration<String> propertyNames(Message m) throws JMSException {
        return (Enumeration<String>) m.getPropertyNames();
    }

    /** The queue a dead letter came from: the broker's record of it, or its department's inbound/outbound queue by its stage. */
    static String replayTo(String queue, Message m) throws JMSException {
        if (notReplayable(m) != null) {
            return null;
        }
        String original = m.getStringProperty(ORIGINAL_ADDRESS);
        if (original != null && (original.startsWith("hub.inbound.") || original.startsWith("hub.outbound."))) {
            return original;
        }
        String department = queue.startsWith("hub.dlq.") && !queue.equals(ExchangeQueues.BROKER_DEAD_LETTERS)
                ? queue.substring("hub.dlq.".length()) : m.getStringProperty(ExchangeQueues.DEPARTMENT);
        if (department == null) {
            return null;
        }
        return "dispatch".equals(m.getStringProperty(ExchangeQueues.STAGE)) || m.propertyExists(Dispatcher.TARGET)
                ? ExchangeQueues.outbound(department) : ExchangeQueues.inbound(department);
    }

    static String notReplayable(Message m) throws JMSException {
        if (PARSE_STAGE.equals(m.getStringProperty(ExchangeQueues.STAGE))) {
            return "the source could not parse this record: it never reached a queue; fix the source data and let the connector read it again";
        }
        if (m.getStringProperty(ExchangeQueues.DEPARTMENT) == null && m.getStringProperty(ORIGINAL_ADDRESS) == null) {
            return "the message names no department and no original queue";
        }
        return null;
    }

    private static DeadLetter view(String queue, Message m) throws JMSException {
        String target = replayTo(queue, m);
        long ts = m.getJMSTimestamp();
        Integer attempts = m.propertyExists(ExchangeQueues.ATTEMPTS) ? Integer.valueOf(String.valueOf(m.getObjectProperty(ExchangeQueues.ATTEMPTS)))
                : m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : null;
        return new DeadLetter(m.getJMSMessageID(), queue, m.getStringProperty(ExchangeQueues.DEPARTMENT),
                m.getStringProperty(ExchangeQueues.CONNECTOR), m.getStringProperty(ExchangeQueues.STAGE),
                m.getStringProperty(ExchangeQueues.ERROR), m.getStringProperty(ExchangeQueues.FIELD_PATH),
                m.getStringProperty(ExchangeQueues.EXPECTED), m.getStringProperty(ExchangeQueues.ACTUAL),
                m.propertyExists(ExchangeQueues.RAW_ID) ? Long.valueOf(String.valueOf(m.getObjectProperty(ExchangeQueues.RAW_ID))) : null,
                m.getStringProperty(ExchangeQueues.RECORD_KEY), m.getStringProperty(Dispatcher.SUPERVISION_CODE), attempts,
                ts > 0 ? OffsetDateTime.ofInstant(Instant.ofEpochMilli(ts), ZoneOffset.UTC) : null, target,
                target == null ? notReplayable(m) : null, body(m));
    }

    private static String body(Message m) throws JMSException {
        if (m instanceof TextMessage t) {
            return t.getText();
        }
        return m.isBodyAssignableTo(String.class) ? m.getBody(String.class) : null;
    }

    private static String quote(String id) {
        return "'" + id.replace("'", "''") + "'";
    }
}
