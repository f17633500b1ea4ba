package org.cityhub.connector;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultComponent;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * Camel component {@code jms-batch:<queue>}: consumes a queue in batches, each batch in one local broker
 * transaction, so that the route behind it can store a whole batch in one database transaction (issue 7:
 * one broker commit and one store commit per message cost more than the work itself).
 *
 * <p>Every consumer thread holds its own connection, session and consumer. It waits for a first message,
 * then takes what follows without waiting, up to {@code size} messages or {@code wait} ms. The exchange's
 * body is the {@code List<Record>} of the batch. After the route:
 * <ul>
 *   <li>the route failed (an exception on the exchange): the transaction is rolled back and the broker
 *       redelivers every message of the batch, with its back-off (address settings);</li>
 *   <li>otherwise the {@link Forward}s the route left as the body (a {@code List<Forward>}, or nothing) are
 *       sent — dead letters, retries — and the transaction commits: the batch is consumed and the forwards are
 *       queued, together or not at all.</li>
 * </ul>
 * Parameters: {@code consumers} (threads, default 1), {@code size} (messages per batch, default 200),
 * {@code wait} (ms to fill a batch after its first message, default 20), {@code readiness} (a {@link Readiness}
 * bean, {@code #name}: after a rolled-back batch, the consumers take nothing from the queue until it says the route
 * can work again, so that an outage of what the route needs leaves the messages queued, their delivery count
 * unchanged, instead of spending their redeliveries).
 */
@Component("jms-batch")
public class BatchJmsComponent extends DefaultComponent {

    private static final Logger log = LoggerFactory.getLogger(BatchJmsComponent.class);

    /** Delivery time property of Artemis: a message sent with it is delivered no earlier (scheduled delivery). */
    public static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";

    /** One consumed message: its text body, its properties, and how often the broker has delivered it. */
    public record Record(String body, Map<String, Object> properties, int deliveryCount, long queuedAt) {

        public String property(String name) {
            Object v = properties.get(name);
            return v == null ? null : v.toString();
        }

        public Long longProperty(String name) {
            Object v = properties.get(name);
            return v instanceof Number n ? n.longValue() : v == null ? null : Long.valueOf(v.toString());
        }
    }

    /** Whether what a route needs (its store, say) is there; asked after a batch rolled back, before taking the next. */
    @FunctionalInterface
    public interface Readiness {

        /** True when the route can work; false (or an exception) while it cannot. Called about once a second meanwhile. */
        boolean ready();
    }

    /** A message the route wants sent in the batch's transaction: to {@code queue}, with this body and properties. */
    public record Forward(String queue, String body, Map<String, Object> properties) {
    }

    private final ConnectionFactory connectionFactory;

    public BatchJmsComponent(ConnectionFactory connectionFactory) {
        // long-lived sessions of our own: the caching wrapper would hand out shared, cached sessions
        this.connectionFactory = connectionFactory instanceof CachingConnectionFactory c && c.getTargetConnectionFactory() != null
                ? c.getTargetConnectionFactory() : connectionFactory;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException(uri + ": expected jms-batch:<queue>");
        }
        int consumers = positive(uri, "consumers", getAndRemoveParameter(parameters, "consumers", Integer.class, 1));
        int size = positive(uri, "size", getAndRemoveParameter(parameters, "size", Integer.class, 200));
        int wait = getAndRemoveParameter(parameters, "wait", Integer.class, 20);
        Readiness readiness = resolveAndRemoveReferenceParameter(parameters, "readiness", Readiness.class);
        if (wait < 0) {
            throw new IllegalArgumentException(uri + ": wait must be 0 or more (ms), got " + wait);
        }
        return new BatchEndpoint(uri, this, remaining, consumers, size, wait, readiness);
    }

    private static int positive(String uri, String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(uri + ": " + name + " must be 1 or more, got " + value);
        }
        return value;
    }

    static final class BatchEndpoint extends DefaultEndpoint {

        final String queue;
        final int consumers;
        final int size;
        final int waitMillis;
        final Readiness readiness;

        BatchEndpoint(String uri, BatchJmsComponent component, String queue, int consumers, int size, int waitMillis,
                      Readiness readiness) {
            super(uri, component);
            this.readiness = readiness;
            this.queue = queue;
            this.consumers = consumers;
            this.size = size;
            this.waitMillis = waitMillis;
        }

        @Override
        public Producer createProducer() {
            throw new UnsupportedOperationException("jms-batch only consumes; send with the jms component");
        }

        @Override
        public Consumer createConsumer(Processor processor) throws Exception {
            BatchConsumer c = new BatchConsumer(this, processor);
            configureConsumer(c);
            return c;
        }

        @Override
        public BatchJmsComponent getComponent() {
            return (BatchJmsComponent) super.getComponent();
        }
    }

    static final class BatchConsumer extends DefaultConsumer {

        private final BatchEndpoint endpoint;
        private volatile boolean running;
        private volatile String lastFailure;
        private ExecutorService threads;

        BatchConsumer(BatchEndpoint endpoint, Processor processor) {
            super(endpoint, processor);
            this.endpoint = endpoint;
        }

        @Override
        protected void doStart() throws Exception {
            super.doStart();
            running = true;
            threads = getEndpoint().getCamelContext().getExecutorServiceManager()
                    .newFixedThreadPool(this, "jms-batch " + endpoint.queue, endpoint.consumers);
            for (int i = 0; i < endpoint.consumers; i++) {
                threads.submit(this::consume);
            }
        }

        @Override
        protected void doStop() throws Exception {
            running = false;
            if (threads != null) {
                threads.shutdown();
                // a batch in hand is finished (or rolled back by closing its session) before the route stops
                if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                    threads.shutdownNow();
                }
                getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(threads);
                threads = null;
            }
            super.doStop();
        }

        private void consume() {
            long backoff = 500;
            while (running) {
                Connection connection = null;
                try {
                    connection = endpoint.getComponent().connectionFactory.createConnection();
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.queue));
                    connection.start();
                    backoff = 500;
                    while (running) {
                        if (lastFailure != null && endpoint.readiness != null) {
                            awaitReadiness();
                            if (!running) {
                                break;
                            }
                        }
                        List<Message> batch = take(consumer);
                        if (!batch.isEmpty()) {
                            handle(session, batch);
                        }
                    }
                } catch (JMSException | RuntimeException e) {
                    if (running) {
                        log.warn("{}: broker connection lost ({}); reconnecting in {} ms, nothing lost: unconsumed"
                                + " messages stay queued", endpoint.queue, e.getMessage(), backoff);
                        sleep(backoff);
                        backoff = Math.min(backoff * 2, 30_000);
                    }
                } finally {
                    close(connection);
                }
            }
        }

        /** Holds nothing and takes nothing until the route's readiness says it can work again. */
        private void awaitReadiness() {
            while (running) {
                boolean ready;
                try {
                    ready = endpoint.readiness.ready();
                } catch (RuntimeException e) {
                    ready = false;
                }
                if (ready) {
                    return;
                }
                sleep(1000);
            }
        }

        private List<Message> take(MessageConsumer consumer) throws JMSException {
            Message first = consumer.receive(500);
            if (first == null) {
                return List.of();
            }
            List<Message> batch = new ArrayList<>(Math.min(endpoint.size, 64));
            batch.add(first);
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.waitMillis);
            while (batch.size() < endpoint.size) {
                Message m = consumer.receiveNoWait();
                if (m == null) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                    if (left <= 0 || (m = consumer.receive(left)) == null) {
                        break;
                    }
                }
                batch.add(m);
            }
            return batch;
        }

        @SuppressWarnings("unchecked")
        private void handle(Session session, List<Message> batch) throws JMSException {
            List<Record> records = new ArrayList<>(batch.size());
            for (Message m : batch) {
                records.add(record(m));
            }
            Exchange exchange = createExchange(false);
            try {
                exchange.getMessage().setBody(Collections.unmodifiableList(records));
                try {
                    getProcessor().process(exchange);
                } catch (Exception e) {
                    exchange.setException(e);
                }
                Exception failure = exchange.getException();
                if (failure != null) {
                    session.rollback();
                    // once per spell of the same reason (a store outage fails every batch alike), not a trace per batch
                    String reason = failure.getClass().getSimpleName() + ": " + failure.getMessage();
                    if (!reason.equals(lastFailure)) {
                        log.warn("{}: a batch of {} rolled back, the broker redelivers it with back-off: {}", endpoint.queue,
                                batch.size(), reason, failure);
                    }
                    lastFailure = reason;
                    return;
                }
                if (lastFailure != null) {
                    log.info("{}: batches are consumed again", endpoint.queue);
                    lastFailure = null;
                }
                Object body = exchange.getMessage().getBody();
                if (body instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof Forward) {
                    send(session, (List<Forward>) list);
                }
                session.commit();
            } finally {
                releaseExchange(exchange, false);
            }
        }

        private static void send(Session session, List<Forward> forwards) throws JMSException {
            Map<String, MessageProducer> producers = new LinkedHashMap<>();
            try {
                for (Forward f : forwards) {
                    MessageProducer p = producers.get(f.queue());
                    if (p == null) {
                        p = session.createProducer(session.createQueue(f.queue()));
                        producers.put(f.queue(), p);
                    }
                    TextMessage m = session.createTextMessage(f.body());
                    for (Map.Entry<String, Object> e : f.properties().entrySet()) {
                        if (e.getValue() != null) {
                            m.setObjectProperty(e.getKey(), e.getValue());
                        }
                    }
                    p.send(m);
                }
            } finally {
                for (MessageProducer p : producers.values()) {
                    p.close();
                }
            }
        }

        private static Record record(Message m) throws JMSException {
            Map<String, Object> properties = new LinkedHashMap<>();
            for (var names = m.getPropertyNames(); names.hasMoreElements(); ) {
                String name = (String) names.nextElement();
                // the broker's own (delivery count, internal _AMQ_ keys) are not the message's; its group is
                if (name.equals("JMSXGroupID") || !(name.startsWith("JMSX") || name.startsWith("_AMQ"))) {
                    properties.put(name, m.getObjectProperty(name));
                }
            }
            String body = m instanceof TextMessage t ? t.getText() : null;
            int deliveries = m.propertyExists("JMSXDeliveryCount") ? m.getIntProperty("JMSXDeliveryCount") : 1;
            return new Record(body, properties, deliveries, m.getJMSTimestamp());
        }

        private static void close(Connection c) {
            if (c != null) {
                try {
                    c.close();
                } catch (JMSException e) {
                    log.debug("closing a lost broker connection: {}", e.getMessage());
                }
            }
        }

        private static void sleep(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
