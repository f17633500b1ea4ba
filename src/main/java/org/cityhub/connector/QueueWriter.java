package org.cityhub.connector;

import java.util.List;
import java.util.Map;

import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.support.JmsUtils;
import org.springframework.stereotype.Component;

import jakarta.jms.MessageProducer;
import jakarta.jms.TextMessage;

/**
 * Puts text messages with their properties on an exchange queue in one broker transaction: when
 * {@link #send} returns, all of them are durably on the queue, or none is.
 */
@Component
public class QueueWriter {

    /** One message: its body and its properties (String, Long or Integer values). */
    public record Outgoing(String text, Map<String, Object> properties) {
    }

    private final JmsTemplate transactedJms;

    public QueueWriter(JmsTemplate transactedJms) {
        this.transactedJms = transactedJms;
    }

    public void send(String queue, List<Outgoing> messages) {
        transactedJms.execute(session -> {
            MessageProducer producer = session.createProducer(session.createQueue(queue));
            try {
                for (Outgoing o : messages) {
                    TextMessage m = session.createTextMessage(o.text());
                    for (Map.Entry<String, Object> p : o.properties().entrySet()) {
                        m.setObjectProperty(p.getKey(), p.getValue());
                    }
                    producer.send(m);
                }
                JmsUtils.commitIfNecessary(session);
            } finally {
                JmsUtils.closeMessageProducer(producer);
            }
            return null;
        }, false);
    }
}
