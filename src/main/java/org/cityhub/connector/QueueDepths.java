package org.cityhub.connector;

import java.util.OptionalLong;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * How many messages wait on an exchange queue (including those being delivered): read from the embedded
 * broker directly, or from a standalone broker through its management address ({@link BrokerManagement}).
 */
@Component
public class QueueDepths {

    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final BrokerManagement management;

    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded, BrokerManagement management) {
        this.embedded = embedded;
        this.management = management;
    }

    /** The queue's depth; 0 for a queue that does not exist yet; empty when the broker cannot be read. */
    public OptionalLong depth(String queue) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        ActiveMQServer server = broker == null ? null : broker.getActiveMQServer();
        if (server != null) {
            Queue q = server.locateQueue(SimpleString.of(queue));
            return OptionalLong.of(q == null ? 0 : q.getMessageCount());
        }
        try {
            return OptionalLong.of(management.queues(queue).stream().filter(f -> f.name().equals(queue))
                    .mapToLong(BrokerManagement.QueueFigures::messageCount).sum());
        } catch (BrokerManagement.Unavailable e) {
            return OptionalLong.empty();
        }
    }
}
