package org.cityhub.connector;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.cityhub.caseflow.ForeignSupervisionCodeException;
import org.cityhub.caseflow.IllegalTransitionException;
import org.cityhub.mapping.MappingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Writes the reason onto a failed message before the {@code ingest-errors} route configuration sends
 * it to {@code hub.dlq.<department>}: the stage, the error, and for mapping errors the field path, what
 * was expected and what was found. The original payload stays the body, so it can be replayed.
 */
@Component("deadLetters")
public class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final ExchangeMetrics metrics;
    private final ApplicationEventPublisher events;

    public DeadLetters(ExchangeMetrics metrics, ApplicationEventPublisher events) {
        this.metrics = metrics;
        this.events = events;
    }

    public void describe(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message m = exchange.getMessage();
        m.setHeader(ExchangeQueues.STAGE, error instanceof MappingException ? "mapping"
                : error instanceof IllegalTransitionException ? "store-lifecycle"
                : error instanceof ForeignSupervisionCodeException ? "store-link"
                : error instanceof OutboundTarget.Rejected || error instanceof OutboundTarget.Unavailable ? "dispatch" : "store");
        m.setHeader(ExchangeQueues.ERROR, shorten(error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage()));
        if (error instanceof MappingException me) {
            m.setHeader(ExchangeQueues.FIELD_PATH, me.fieldPath());
            setIfPresent(m, ExchangeQueues.EXPECTED, me.expected());
            setIfPresent(m, ExchangeQueues.ACTUAL, me.actual());
        } else if (error instanceof ForeignSupervisionCodeException) {
            m.setHeader(ExchangeQueues.FIELD_PATH, "supervisionCode");
            m.setHeader(ExchangeQueues.EXPECTED, "the code of a case dispatched to " + m.getHeader(ExchangeQueues.DEPARTMENT));
        } else if (error instanceof IllegalTransitionException te) {
            m.setHeader(ExchangeQueues.FIELD_PATH, "status");
            m.setHeader(ExchangeQueues.EXPECTED, "a status reachable from " + te.from());
            m.setHeader(ExchangeQueues.ACTUAL, te.to().name());
        }
        metrics.rejected(m.getHeader(ExchangeQueues.DEPARTMENT, String.class), m.getHeader(ExchangeQueues.CONNECTOR, String.class),
                m.getHeader(ExchangeQueues.STAGE, String.class));
        Object attempts = m.getHeader("JMSXDeliveryCount");
        m.setHeader(ExchangeQueues.ATTEMPTS, attempts == null ? 1 : attempts);
        String replay = m.getHeader(ExchangeQueues.REPLAY, String.class);
        if (replay != null) {
            events.publishEvent(new ReplayedRecord(replay, m.getHeader(ExchangeQueues.DEPARTMENT, String.class),
                    m.getHeader(ExchangeQueues.RAW_ID, Long.class), ReplayedRecord.DEAD_LETTERED));
        }
        log.warn("dead letter {}/{} record {}: {}", m.getHeader(ExchangeQueues.DEPARTMENT), m.getHeader(ExchangeQueues.CONNECTOR),
                m.getHeader(ExchangeQueues.RECORD_KEY), m.getHeader(ExchangeQueues.ERROR));
    }

    private static void setIfPresent(Message m, String header, String value) {
        if (value != null) {
            m.setHeader(header, shorten(value));
        }
    }

    private static String shorten(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) + "…" : s;
    }
}
