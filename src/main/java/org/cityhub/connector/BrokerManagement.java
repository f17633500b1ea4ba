package org.cityhub.connector;

import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;

import org.apache.activemq.artemis.api.core.management.ResourceNames;
import org.apache.activemq.artemis.api.jms.management.JMSManagementHelper;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TemporaryQueue;

/**
 * Talks to the broker as any JMS client does, so that the same code works for the embedded broker and a
 * standalone one ({@code spring.artemis.mode=native}): queue figures through Artemis' management messages
 * (a request to the management address, answered on a temporary queue), messages through plain JMS.
 *
 * <p>Uses the broker's own connection factory, not Spring's caching one: a cached consumer with a selector
 * would keep messages it fetched ahead, hidden from everyone else.
 */
@Component
public class BrokerManagement {

    /** One queue as the broker reports it; counters are cumulative since the broker started. */
    public record QueueFigures(String name, String address, long messageCount, long deliveringCount, int consumerCount,
                        long messagesAdded, long messagesAcknowledged, long messagesKilled, boolean paused) {
    }

    /** Something the broker could not or would not answer. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Work within one JMS session. */
    public interface SessionWork<T> {
        T run(Session session) throws Exception;
    }

    private final ConnectionFactory connections;
    private final BrokerProperties props;
    private final ObjectMapper json;

    public BrokerManagement(ConnectionFactory connectionFactory, BrokerProperties props, ObjectMapper json) {
        this.connections = connectionFactory instanceof CachingConnectionFactory caching && caching.getTargetConnectionFactory() != null
                ? caching.getTargetConnectionFactory() : connectionFactory;
        this.props = props;
        this.json = json;
    }

    /**
     * Every queue whose name or address starts with {@code prefix}, with its figures, in one management request.
     * (The broker's auto-created dead-letter queues are named {@code DLQ.<original address>} on the dead-letter
     * address, e.g. {@code DLQ.hub.outbound.land} on {@code hub.dlq.broker}.)
     */
    public List<QueueFigures> queues(String prefix) {
        return inSession(false, session -> {
            String options = json.writeValueAsString(json.createObjectNode()
                    .put("field", "name").put("operation", "CONTAINS").put("value", prefix));
            Object result = request(session, m -> JMSManagementHelper.putOperationInvocation(m, ResourceNames.BROKER,
                    "listQueues", options, 1, 10_000));
            JsonNode answer = json.readTree(String.valueOf(result));
            List<QueueFigures> figures = new ArrayList<>();
            for (JsonNode q : answer.path("data")) {
                String name = q.path("name").asText();
                String address = q.path("address").asText();
                if (!name.startsWith(prefix) && !address.startsWith(prefix)) {
                    continue;
                }
                figures.add(new QueueFigures(name, address, q.path("messageCount").asLong(),
                        q.path("deliveringCount").asLong(), q.path("consumerCount").asInt(), q.path("messagesAdded").asLong(),
                        q.path("messagesAcked").asLong(), q.path("messagesKilled").asLong(), q.path("paused").asBoolean()));
            }
            return figures;
        });
    }

    /**
     * The JMS destination of a queue: its name when it is the queue of its own address (every hub queue), else the
     * fully qualified {@code address::queue} (a dead-letter queue the broker created on its dead-letter address).
     */
    public static String destination(QueueFigures queue) {
        return queue.address().equals(queue.name()) ? queue.name() : queue.address() + "::" + queue.name();
    }

    /** The JMS timestamp (ms) of the first message waiting on a queue, or null when none is waiting. */
    public Long oldestTimestamp(Session session, QueueFigures figures) throws JMSException {
        String queue = figures.name();
        QueueBrowser browser;
        try {
            browser = session.createBrowser(session.createQueue(destination(figures)));
        } catch (JMSException e) {
            if (queues(queue).stream().noneMatch(f -> f.name().equals(queue))) {
                // emptied and removed by the broker (auto-delete) since its figures were read
                return null;
            }
            throw e;
        }
        try {
            Enumeration<?> e = browser.getEnumeration();
            return e.hasMoreElements() ? ((Message) e.nextElement()).getJMSTimestamp() : null;
        } finally {
            browser.close();
        }
    }

    /** Runs work in a fresh connection and session (transacted or auto-acknowledged), closing both. */
    public <T> T inSession(boolean transacted, SessionWork<T> work) {
        try (Connection connection = connections.createConnection()) {
            connection.start();
            Session session = connection.createSession(transacted, transacted ? Session.SESSION_TRANSACTED : Session.AUTO_ACKNOWLEDGE);
            try {
                return work.run(session);
            } catch (Exception e) {
                if (transacted) {
                    session.rollback();
                }
                throw e;
            }
        } catch (Unavailable | IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new Unavailable("broker: " + e.getMessage(), e);
        }
    }

    private interface RequestBuilder {
        void fill(Message m) throws Exception;
    }

    private Object request(Session session, RequestBuilder builder) throws Exception {
        TemporaryQueue reply = session.createTemporaryQueue();
        Message m = session.createMessage();
        builder.fill(m);
        m.setJMSReplyTo(reply);
        MessageProducer producer = session.createProducer(session.createQueue(props.managementAddress()));
        MessageConsumer consumer = session.createConsumer(reply);
        try {
            producer.send(m);
            Message answer = consumer.receive(props.managementTimeout().toMillis());
            if (answer == null) {
                throw new Unavailable("the broker did not answer a management request on " + props.managementAddress()
                        + " within " + props.managementTimeout(), null);
            }
            if (!JMSManagementHelper.hasOperationSucceeded(answer)) {
                throw new Unavailable("the broker refused a management request: " + JMSManagementHelper.getResult(answer), null);
            }
            return JMSManagementHelper.getResult(answer);
        } finally {
            consumer.close();
            producer.close();
            reply.delete();
        }
    }
}
