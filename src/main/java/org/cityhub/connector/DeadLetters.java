package org.cityhub.connector;

import java.util.LinkedHashMap;
import java.util.Map;

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
 * The reason a dead letter carries to {@code hub.dlq.<department>}: the stage, the error, and for mapping
 * errors the field path, what was expected and what was found. The original payload stays the body, so it
 * can be replayed. Used by the ingest ({@link IngestStage}) and by the dispatch routes' error policy.
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

    /** Camel routes (dispatch): writes the reason of the caught exception onto the failed message's headers. */
    public void describe(Exchange exchange) {
        Throwable error = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Message m = exchange.getMessage();
        Object attempts = m.getHeader("JMSXDeliveryCount");
        m.getHeaders().putAll(reasons(error, m.getHeader(ExchangeQueues.DEPARTMENT, String.class)));
        m.setHeader(ExchangeQueues.ATTEMPTS, attempts == null ? 1 : attempts);
        noted(m.getHeaders());
    }

    /**
     * The ingest (batches): the properties a record's dead letter carries, its own plus the reason of
     * {@code error}, after {@code attempts} tries.
     */
    public Map<String, Object> describe(Throwable error, Map<String, Object> properties, int attempts) {
        Map<String, Object> out = new LinkedHashMap<>(properties);
        out.putAll(reasons(error, (String) properties.get(ExchangeQueues.DEPARTMENT)));
        out.put(ExchangeQueues.ATTEMPTS, attempts);
        noted(out);
        return out;
    }

    private static Map<String, Object> reasons(Throwable error, String department) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(ExchangeQueues.STAGE, error instanceof MappingException ? "mapping"
                : error instanceof IllegalTransitionException ? "store-lifecycle"
                : error instanceof ForeignSupervisionCodeException ? "store-link"
                : error instanceof OutboundTarget.Rejected || error instanceof OutboundTarget.Unavailable ? "dispatch" : "store");
        m.put(ExchangeQueues.ERROR, shorten(error == null ? "unknown" : error.getClass().getSimpleName() + ": " + error.getMessage()));
        if (error instanceof MappingException me) {
            m.put(ExchangeQueues.FIELD_PATH, me.fieldPath());
            putIfPresent(m, ExchangeQueues.EXPECTED, me.expected());
            putIfPresent(m, ExchangeQueues.ACTUAL, me.actual());
        } else if (error instanceof ForeignSupervisionCodeException) {
            m.put(ExchangeQueues.FIELD_PATH, "supervisionCode");
            m.put(ExchangeQueues.EXPECTED, "the code of a case dispatched to " + department);
        } else if (error instanceof IllegalTransitionException te) {
            m.put(ExchangeQueues.FIELD_PATH, "status");
            m.put(ExchangeQueues.EXPECTED, "a status reachable from " + te.from());
            m.put(ExchangeQueues.ACTUAL, te.to().name());
        }
        return m;
    }

    /** Counts, logs and (for a replayed record) reports the dead letter described by these properties. */
    private void noted(Map<String, Object> p) {
        String department = (String) p.get(ExchangeQueues.DEPARTMENT);
        metrics.rejected(department, (String) p.get(ExchangeQueues.CONNECTOR), (String) p.get(ExchangeQueues.STAGE));
        Object replay = p.get(ExchangeQueues.REPLAY);
        if (replay != null) {
            Object rawId = p.get(ExchangeQueues.RAW_ID);
            events.publishEvent(new ReplayedRecord(replay.toString(), department,
                    rawId instanceof Number n ? n.longValue() : null, ReplayedRecord.DEAD_LETTERED));
        }
        log.warn("dead letter {}/{} record {}: {}", department, p.get(ExchangeQueues.CONNECTOR),
                p.get(ExchangeQueues.RECORD_KEY), p.get(ExchangeQueues.ERROR));
    }

    private static void putIfPresent(Map<String, Object> m, String key, String value) {
        if (value != null) {
            m.put(key, shorten(value));
        }
    }

    private static String shorten(String s) {
        return s.length() > 1000 ? s.substring(0, 1000) + "…" : s;
    }
}
