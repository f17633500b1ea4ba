package org.cityhub.connector;

import java.time.Duration;

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

    public ExchangeMetrics(MeterRegistry meters) {
        this.meters = meters;
    }

    void received(String department, String connector, int records, int queued) {
        counter("cityhub.records.received", department, connector).increment(records);
        counter("cityhub.records.queued", department, connector).increment(queued);
    }

    void stored(String department, String connector, String outcome, Duration sinceQueued) {
        Counter.builder("cityhub.records.stored").description("records mapped and applied to the store")
                .tags("department", tag(department), "connector", tag(connector), "outcome", outcome)
                .register(meters).increment();
        if (sinceQueued != null) {
            // every stored record is counted, so that the count matches cityhub.records.stored: a wall clock stepped
            // back between queueing and storing (it happens on virtual machines) gives a negative time, recorded as 0
            Timer.builder("cityhub.ingest.latency").description("from queued on hub.inbound to stored")
                    .tags("department", tag(department), "connector", tag(connector))
                    .publishPercentileHistogram().register(meters).record(sinceQueued.isNegative() ? Duration.ZERO : sinceQueued);
        }
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
