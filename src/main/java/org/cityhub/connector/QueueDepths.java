package org.cityhub.connector;

import java.util.OptionalLong;

import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * How many messages wait on an exchange queue (including those being delivered), read from the
 * embedded broker. Against a standalone broker the depth is unknown here.
 */
@Component
public class QueueDepths {

    private final ObjectProvider<EmbeddedActiveMQ> embedded;

    public QueueDepths(ObjectProvider<EmbeddedActiveMQ> embedded) {
        this.embedded = embedded;
    }

    /** The queue's depth; 0 for a queue that does not exist yet; empty when the broker is not embedded. */
    public OptionalLong depth(String queue) {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        ActiveMQServer server = broker == null ? null : broker.getActiveMQServer();
        if (server == null) {
            return OptionalLong.empty();
        }
        Queue q = server.locateQueue(SimpleString.of(queue));
        return OptionalLong.of(q == null ? 0 : q.getMessageCount());
    }
}
