package org.cityhub.connector;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The exchange's traffic as Micrometer meters, per department and connector (Prometheus names after
 * the registry's conversion, e.g. {@code cityhub_records_received_total}):
 * <ul>
 *   <li>{@code cityhub.records.received}: records a source read or was sent (before deduplication);</li>
 *   <li>{@code cityhub.records.queued}: of those, new or changed ones accepted into {@code hub.inbound.<dept>};</li>
 *   <li>{@code cityhub.records.stored}: records mapped and applied to the store, tag {@code outcome}
 *       CREATED, UPDATED, UNCHANGED or STALE;</li>
 *   <li>{@code cityhub.records.rejected}: records dead-lettered by the ingest flow, tag {@code stage} (mapping,
 *       store-lifecycle, store-link, store, dispatch);</li>
 *   <li>{@code cityhub.ingest.latency}: from the moment a record was queued to the moment it was stored;</li>
 *   <li>{@code cityhub.dispatch}: hand-overs to departments, tag {@code outcome} SENT, REJECTED,
 *       RETRYING, FAILED.</li>
 * </ul>
 */
@Component
public class ExchangeMetrics {

    private final MeterRegistry meters;
    private final Map<StoredKey, StoredMeters> storedMeters = new ConcurrentHashMap<>();

    public ExchangeMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void received(String department, String connector, int records, int queued) {
        counter("cityhub.records.received", department, connector).increment(records);
        counter("cityhub.records.queued", department, connector).increment(queued);
    }

    /**
     * One record stored. Its latency is recorded before it is counted: whoever reads
     * {@code cityhub.records.stored} at N and then the latency finds N latencies recorded, never fewer.
     */
    void stored(String department, String connector, String outcome, Duration sinceQueued) {
        StoredMeters m = storedMeters.computeIfAbsent(new StoredKey(tag(department), tag(connector), outcome), this::storedMeters);
        if (sinceQueued != null) {
            // a wall clock stepped back between queueing and storing (it happens on virtual machines) gives a
            // negative time, recorded as 0
            m.latency().record(sinceQueued.isNegative() ? Duration.ZERO : sinceQueued);
        }
        m.count().increment();
    }

    private StoredMeters storedMeters(StoredKey k) {
        Timer latency = Timer.builder("cityhub.ingest.latency").description("from queued on hub.inbound to stored")
                .tags("department", k.department(), "connector", k.connector())
                .publishPercentileHistogram().register(meters);
        Counter count = Counter.builder("cityhub.records.stored").description("records mapped and applied to the store")
                .tags("department", k.department(), "connector", k.connector(), "outcome", k.outcome())
                .register(meters);
        return new StoredMeters(latency, count);
    }

    private record StoredKey(String department, String connector, String outcome) {
    }

    /** A (department, connector, outcome)'s meters, registered once: the latency timer first, then the count. */
    private record StoredMeters(Timer latency, Counter count) {
    }

    void rejected(String department, String connector, String stage) {
        Counter.builder("cityhub.records.rejected").description("records dead-lettered")
                .tags("department", tag(department), "connector", tag(connector), "stage", stage)
                .register(meters).increment();
    }

    void dispatched(String department, String outcome) {
        Counter.builder("cityhub.dispatch").description("hand-overs of cases to departments")
                .tags("department", tag(department), "outcome", outcome).register(meters).increment();
    }

    private Counter counter(String name, String department, String connector) {
        return Counter.builder(name).tags("department", tag(department), "connector", tag(connector)).register(meters);
    }

    private static String tag(String value) {
        return value == null ? "" : value;
    }
}
