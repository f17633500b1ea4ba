package org.cityhub.connector;

import java.io.IOException;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.cityhub.mapping.MappingCatalog;
import org.cityhub.mapping.MappingException;
import org.cityhub.store.CaseStore;
import org.cityhub.store.IncomingCase;
import org.cityhub.store.StoreOutcome;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The mapping stage of the ingest flow: one queued record → its department's mapping → the store.
 * Called by the {@code ingest} route template; failures are handled by the {@code ingest-errors}
 * route configuration.
 */
@Component("ingestStage")
public class IngestStage {

    /** Header set after storing: CREATED, UPDATED, UNCHANGED or STALE. */
    public static final String OUTCOME = "CityhubOutcome";
    /** Header set after storing: the case's supervision code. */
    public static final String SUPERVISION_CODE = "CityhubSupervisionCode";

    private final ConnectorRegistry registry;
    private final MappingCatalog mappings;
    private final CaseStore store;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;

    private final ExchangeMetrics metrics;

    public IngestStage(ConnectorRegistry registry, MappingCatalog mappings, CaseStore store, ObjectMapper json,
                       ExchangeMetrics metrics, ApplicationEventPublisher events) {
        this.metrics = metrics;
        this.registry = registry;
        this.mappings = mappings;
        this.store = store;
        this.json = json;
        this.events = events;
    }

    public void process(Exchange exchange) {
        Message in = exchange.getMessage();
        String department = in.getHeader(ExchangeQueues.DEPARTMENT, String.class);
        String connector = in.getHeader(ExchangeQueues.CONNECTOR, String.class);
        Long rawId = in.getHeader(ExchangeQueues.RAW_ID, Long.class);
        ConnectorFile file = registry.department(department)
                .orElseThrow(() -> new MappingException("(message)", "a department the hub knows", quote(department)));
        ConnectorFile.Source source = file.source(connector);
        JsonNode record = parse(in.getBody(String.class));
        ObjectNode mapped = mappings.get(source.mapping()).map(record);
        StoreOutcome outcome = store.apply(List.of(
                new IncomingCase(department, file.department().region(), connector, rawId, mapped))).get(0);
        in.setHeader(OUTCOME, outcome.effect().name());
        in.setHeader(SUPERVISION_CODE, outcome.supervisionCode());
        Long queuedAt = in.getHeader("JMSTimestamp", Long.class);
        metrics.stored(department, connector, outcome.effect().name(),
                queuedAt == null || queuedAt == 0 ? null : java.time.Duration.ofMillis(System.currentTimeMillis() - queuedAt));
        String replay = in.getHeader(ExchangeQueues.REPLAY, String.class);
        if (replay != null) {
            events.publishEvent(new ReplayedRecord(replay, department, rawId, outcome.effect().name()));
        }
    }

    private JsonNode parse(String body) {
        if (body == null) {
            throw new MappingException("(record)", "a JSON object", "an empty message");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new MappingException("(record)", "a JSON object", node == null ? "nothing" : node.getNodeType().name());
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MappingException("(record)", "a JSON object", "unparsable JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new MappingException("(record)", "a JSON object", "unreadable: " + e.getMessage());
        }
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
}
