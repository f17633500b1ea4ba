package org.cityhub.connector;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.cityhub.caseflow.ForeignSupervisionCodeException;
import org.cityhub.caseflow.IllegalTransitionException;
import org.cityhub.config.HubProperties;
import org.cityhub.mapping.MappingCatalog;
import org.cityhub.mapping.MappingException;
import org.cityhub.store.CaseStore;
import org.cityhub.store.IncomingCase;
import org.cityhub.store.StoreOutcome;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The mapping stage of the ingest flow: queued records → their department's mapping → the store, a batch
 * at a time. Called by the {@code ingest} route template; it decides the fate of every record of the batch
 * itself (stored, dead-lettered with its reason, or tried again), see {@link #processBatch}.
 */
@Component("ingestStage")
public class IngestStage implements BatchJmsComponent.Readiness {

    private final ConnectorRegistry registry;
    private final MappingCatalog mappings;
    private final CaseStore store;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;
    private final ExchangeMetrics metrics;
    private final DeadLetters deadLetters;
    private final HubProperties.Ingest settings;

    public IngestStage(ConnectorRegistry registry, MappingCatalog mappings, CaseStore store, ObjectMapper json,
                       ExchangeMetrics metrics, ApplicationEventPublisher events, DeadLetters deadLetters, HubProperties props) {
        this.settings = props.ingest();
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.mappings = mappings;
        this.store = store;
        this.json = json;
        this.events = events;
    }

    /**
     * Whether the store answers: after a batch rolled back, the ingest's consumers take nothing until it does, so a
     * store outage leaves the records queued (their redeliveries unspent) and the hub resumes by itself.
     */
    @Override
    public boolean ready() {
        return store.reachable();
    }

    /**
     * One batch from the department's inbound queue ({@link BatchJmsComponent}): each record mapped, the
     * mapped ones stored in one store transaction. Returns what must be sent in the batch's broker
     * transaction: the dead letters (a record that cannot be mapped, breaks the case lifecycle or names a
     * foreign supervision code goes to {@code hub.dlq.<department>} at once, with its reason) and the retries.
     *
     * <p>When the batch's store transaction fails, the records are stored one by one to find out which fail:
     * <ul>
     *   <li>none could be stored (the store is down): the exception rolls the whole batch back, the broker
     *       redelivers it with back-off, and the records keep their order;</li>
     *   <li>some could: the others are put back on the queue for a later try, with back-off
     *       ({@link ExchangeQueues#RETRIES}), and the records behind them flow;</li>
     *   <li>a record failing its last attempt ({@code cityhub.ingest.max-attempts}) is dead-lettered with its last
     *       error.</li>
     * </ul>
     * Storing is idempotent (an unchanged record stores nothing), so a batch stored again after a rollback
     * stores nothing twice.
     */
    public List<BatchJmsComponent.Forward> processBatch(List<BatchJmsComponent.Record> records) {
        List<BatchJmsComponent.Forward> forwards = new ArrayList<>();
        List<Mapped> mapped = new ArrayList<>(records.size());
        for (BatchJmsComponent.Record r : records) {
            try {
                mapped.add(map(r));
            } catch (MappingException e) {
                forwards.add(deadLetter(r, e));
            } catch (RuntimeException e) {
                // a mapping touches nothing outside the hub: what fails once fails every time
                forwards.add(deadLetter(r, new MappingException("(record)", "a record its mapping can process",
                        e.getClass().getSimpleName() + ": " + e.getMessage())));
            }
        }
        if (mapped.isEmpty()) {
            return forwards;
        }
        List<StoreOutcome> outcomes;
        try {
            outcomes = store.apply(mapped.stream().map(Mapped::incoming).toList());
        } catch (RuntimeException batchFailed) {
            storeOneByOne(mapped, forwards);
            return forwards;
        }
        for (int i = 0; i < mapped.size(); i++) {
            stored(mapped.get(i), outcomes.get(i));
        }
        return forwards;
    }

    private void storeOneByOne(List<Mapped> mapped, List<BatchJmsComponent.Forward> forwards) {
        int stored = 0;
        List<Map.Entry<Mapped, RuntimeException>> failed = new ArrayList<>();
        for (Mapped m : mapped) {
            try {
                stored(m, store.apply(List.of(m.incoming())).get(0));
                stored++;
            } catch (IllegalTransitionException | ForeignSupervisionCodeException e) {
                forwards.add(deadLetter(m.record(), e));
            } catch (RuntimeException e) {
                failed.add(Map.entry(m, e));
            }
        }
        if (failed.isEmpty()) {
            return;
        }
        boolean spent = failed.stream().anyMatch(f -> attempts(f.getKey().record()) >= settings.maxAttempts());
        if (stored == 0 && !spent) {
            throw failed.get(0).getValue();
        }
        for (Map.Entry<Mapped, RuntimeException> f : failed) {
            BatchJmsComponent.Record r = f.getKey().record();
            forwards.add(attempts(r) >= settings.maxAttempts() ? deadLetter(r, f.getValue()) : retry(r));
        }
    }

    /** Deliveries by the broker plus the hub's own retries of the record. */
    private static int attempts(BatchJmsComponent.Record r) {
        Long retries = r.longProperty(ExchangeQueues.RETRIES);
        return r.deliveryCount() + (retries == null ? 0 : retries.intValue());
    }

    private BatchJmsComponent.Forward retry(BatchJmsComponent.Record r) {
        // every attempt so far, the broker's redeliveries of this message included: the new message starts its own
        // delivery count at 1, and a record rolled back twice before it was put back must not get those two again
        int spent = attempts(r);
        Map<String, Object> properties = new HashMap<>(r.properties());
        properties.put(ExchangeQueues.RETRIES, spent);
        // the same back-off as the embedded broker's redelivery (HubConfiguration)
        properties.put(BatchJmsComponent.SCHEDULED_DELIVERY, System.currentTimeMillis() + settings.retryDelayMillis(spent));
        return new BatchJmsComponent.Forward(ExchangeQueues.inbound(r.property(ExchangeQueues.DEPARTMENT)), r.body(), properties);
    }

    private BatchJmsComponent.Forward deadLetter(BatchJmsComponent.Record r, Throwable error) {
        String department = r.property(ExchangeQueues.DEPARTMENT);
        Map<String, Object> properties = deadLetters.describe(error, r.properties(), attempts(r));
        properties.remove(BatchJmsComponent.SCHEDULED_DELIVERY);
        return new BatchJmsComponent.Forward(ExchangeQueues.deadLetter(department), r.body(), properties);
    }

    private record Mapped(BatchJmsComponent.Record record, IncomingCase incoming) {
    }

    private Mapped map(BatchJmsComponent.Record r) {
        String department = r.property(ExchangeQueues.DEPARTMENT);
        String connector = r.property(ExchangeQueues.CONNECTOR);
        ConnectorFile file = registry.department(department)
                .orElseThrow(() -> new MappingException("(message)", "a department the hub knows", quote(department)));
        ConnectorFile.Source source;
        try {
            source = file.source(connector);
        } catch (IllegalArgumentException e) {
            throw new MappingException("(message)", "a source of department " + department, quote(connector));
        }
        ObjectNode mapped = mappings.get(source.mapping()).mapParsed(parse(r.body()));
        return new Mapped(r, new IncomingCase(department, file.department().region(), connector,
                r.longProperty(ExchangeQueues.RAW_ID), mapped));
    }

    /** When the record was queued: the hub's own mark, else the broker message's timestamp (0: unknown). */
    private static long queuedAt(BatchJmsComponent.Record r) {
        Long marked = r.longProperty(ExchangeQueues.QUEUED_AT);
        return marked != null ? marked : r.queuedAt();
    }

    private void stored(Mapped m, StoreOutcome outcome) {
        BatchJmsComponent.Record r = m.record();
        IncomingCase in = m.incoming();
        metrics.stored(in.department(), in.connector(), outcome.effect().name(),
                queuedAt(r) == 0 ? null : java.time.Duration.ofMillis(System.currentTimeMillis() - queuedAt(r)));
        String replay = r.property(ExchangeQueues.REPLAY);
        if (replay != null) {
            events.publishEvent(new ReplayedRecord(replay, in.department(), in.rawMessageId(), outcome.effect().name()));
        }
    }

    /** The message's record as plain Java values (the mapping's input), read once. */
    private Object parse(String body) {
        if (body == null) {
            throw new MappingException("(record)", "a JSON object", "an empty message");
        }
        Object node;
        try {
            node = json.readValue(body, Object.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new MappingException("(record)", "a JSON object", "unparsable JSON: " + e.getOriginalMessage());
        }
        if (!(node instanceof Map<?, ?>)) {
            throw new MappingException("(record)", "a JSON object", node == null ? "nothing"
                    : node instanceof List<?> ? "ARRAY" : node instanceof String ? "STRING" : node.getClass().getSimpleName().toUpperCase());
        }
        return node;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + (s.length() > 40 ? s.substring(0, 40) + "…" : s) + "'";
    }
}
