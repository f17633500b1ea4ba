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
public class DeadLetterDesk {

    /** The stage of records a source could not even parse: there is no queue to put them back on. */
    static final String PARSE_STAGE = "parse";
    /** Artemis' property naming the address a message was on before the broker dead-lettered it. */
    static final String ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    private static final Set<String> REASON_PROPERTIES = Set.of(ExchangeQueues.STAGE, ExchangeQueues.ERROR,
            ExchangeQueues.FIELD_PATH, ExchangeQueues.EXPECTED, ExchangeQueues.ACTUAL, ExchangeQueues.ATTEMPTS,
            ExchangeQueues.RETRIES, ExchangeQueues.REPLAY);

    /**
     * One dead letter.
     *
     * @param id             the JMS message id; stable while the message is on the queue, used to act on it
     * @param attempts       deliveries of the original before it was dead-lettered
     * @param deadLetteredAt when it was put on the dead-letter queue
     * @param replayTo       the queue a replay sends it to, null when it cannot be replayed ({@code notReplayable} says why)
     */
    public record DeadLetter(String id, String queue, String department, String connector, String stage, String error,
                      String fieldPath, String expected, String actual, Long rawId, String recordKey, String supervisionCode,
                      Integer attempts, OffsetDateTime deadLetteredAt, String replayTo, String notReplayable, String payload) {
    }

    public record Page(String queue, List<DeadLetter> items, String next) {
    }

    /** What an action did. */
    record Result(int affected, List<String> ids, List<String> targetQueues) {
    }

    /** An action that failed after some of its broker transactions had committed: what was done, and why it stopped. */
    static final class PartlyDone extends RuntimeException {
        private final Result done;

        PartlyDone(Result done, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.done = done;
        }

        Result done() {
            return done;
        }
    }

    private final BrokerManagement broker;
    private final OpsProperties props;

    DeadLetterDesk(BrokerManagement broker, OpsProperties props) {
        this.broker = broker;
        this.props = props;
    }

    /**
     * Up to {@code limit} dead letters of a queue, oldest first, starting after the message {@code after}. For
     * {@code hub.dlq.broker}, the messages of every queue the broker keeps on that address, one queue after the other.
     */
    public Page browse(String queue, int limit, String after) {
        List<BrokerManagement.QueueFigures> queues = resolve(queue);
        return broker.inSession(false, session -> {
            List<DeadLetter> items = new ArrayList<>();
            boolean started = after == null;
            String next = null;
            for (BrokerManagement.QueueFigures q : queues) {
                QueueBrowser browser = browser(session, q);
                if (browser == null) {
                    continue;
                }
                try {
                    Enumeration<?> e = browser.getEnumeration();
                    while (e.hasMoreElements() && next == null) {
                        Message m = (Message) e.nextElement();
                        if (!started) {
                            started = m.getJMSMessageID().equals(after);
                            continue;
                        }
                        if (items.size() == limit) {
                            next = items.get(items.size() - 1).id();
                            break;
                        }
                        items.add(view(q.name(), m));
                    }
                } finally {
                    browser.close();
                }
                if (next != null) {
                    break;
                }
            }
            if (!started) {
                throw new IllegalArgumentException("after: no message " + after + " on " + queue + " (replayed or discarded meanwhile?)");
            }
            return new Page(queue, items, next);
        });
    }

    /** Whether a queue name is one of the dead-letter queues the broker creates on hub.dlq.broker (DLQ.<address>). */
    boolean isBrokerDeadLetterQueue(String queue) {
        return broker.queues("hub.").stream()
                .anyMatch(f -> f.name().equals(queue) && ExchangeQueues.BROKER_DEAD_LETTERS.equals(f.address()));
    }

    /**
     * Why an action on the given ids of a queue cannot be taken: ids not on the queue (replayed or discarded
     * meanwhile) and, for a replay, messages that cannot be replayed. Empty when all is well.
     */
    List<String> problems(String queue, List<String> wanted, boolean replay) {
        Set<String> left = new LinkedHashSet<>(wanted);
        List<String> problems = new ArrayList<>();
        List<BrokerManagement.QueueFigures> queues = resolve(queue);
        broker.inSession(false, session -> {
            for (BrokerManagement.QueueFigures q : queues) {
                QueueBrowser browser = browser(session, q);
                if (browser == null) {
                    continue;
                }
                try {
                    Enumeration<?> e = browser.getEnumeration();
                    while (e.hasMoreElements() && !left.isEmpty()) {
                        Message m = (Message) e.nextElement();
                        if (left.remove(m.getJMSMessageID()) && replay && replayTo(q.name(), m) == null) {
                            problems.add(m.getJMSMessageID() + ": " + notReplayable(m));
                        }
                    }
                } finally {
                    browser.close();
                }
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
            // the same conditions as notReplayable(), so that "all" takes only what can go back
            selectors.add(replay ? all + " AND (" + ExchangeQueues.STAGE + " IS NULL OR " + ExchangeQueues.STAGE + " <> '" + PARSE_STAGE + "')"
                    + " AND (" + ExchangeQueues.DEPARTMENT + " IS NOT NULL OR " + ORIGINAL_ADDRESS + " IS NOT NULL)" : all);
        } else {
            for (int i = 0; i < ids.size(); i += props.actionBatchSize()) {
                List<String> batch = ids.subList(i, Math.min(ids.size(), i + props.actionBatchSize()));
                selectors.add("JMSMessageID IN (" + String.join(",", batch.stream().map(DeadLetterDesk::quote).toList()) + ")");
            }
        }
        try {
            for (BrokerManagement.QueueFigures q : resolve(queue)) {
                for (String selector : selectors) {
                    while (true) {
                        List<String> moved = broker.inSession(true, session -> moveBatch(session, q, selector, replay, targets));
                        done.addAll(moved);
                        if (moved.size() < props.actionBatchSize()) {
                            break;
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            if (done.isEmpty()) {
                throw e;
            }
            // the failed batch was rolled back; the ones before it are done and must be audited as such
            throw new PartlyDone(new Result(done.size(), done, List.copyOf(targets)), e);
        }
        return new Result(done.size(), done, List.copyOf(targets));
    }

    private List<String> moveBatch(Session session, BrokerManagement.QueueFigures queue, String selector, boolean replay,
                                   Set<String> targets) throws JMSException {
        List<String> moved = new ArrayList<>();
        MessageConsumer consumer;
        try {
            consumer = session.createConsumer(session.createQueue(BrokerManagement.destination(queue)), selector);
        } catch (JMSException e) {
            if (gone(queue)) {
                return moved;
            }
            throw e;
        }
        try {
            while (moved.size() < props.actionBatchSize()) {
                Message m = consumer.receive(moved.isEmpty() ? 1000 : 200);
                if (m == null) {
                    break;
                }
                if (replay) {
                    String target = replayTo(queue.name(), m);
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
     * The broker's queues behind a dead-letter queue name: the queue of that name, and for hub.dlq.broker also the
     * queues the broker created on that address (DLQ.<original address>). Empty when the broker has none (nothing
     * was dead-lettered there yet, or the broker removed the queue once empty).
     */
    private List<BrokerManagement.QueueFigures> resolve(String queue) {
        return broker.queues("hub.").stream().filter(f -> f.name().equals(queue)
                || (queue.equals(ExchangeQueues.BROKER_DEAD_LETTERS) && queue.equals(f.address()))).toList();
    }

    private boolean gone(BrokerManagement.QueueFigures queue) {
        return broker.queues("hub.").stream().noneMatch(f -> f.name().equals(queue.name()));
    }

    /** A browser of the queue, or null when the broker removed it since it was listed. */
    private QueueBrowser browser(Session session, BrokerManagement.QueueFigures queue) throws JMSException {
        try {
            return session.createBrowser(session.createQueue(BrokerManagement.destination(queue)));
        } catch (JMSException e) {
            if (gone(queue)) {
                return null;
            }
            throw e;
        }
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
