package org.cityhub.ops;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cityhub.connector.BrokerManagement;
import org.cityhub.connector.ExchangeQueues;
import org.cityhub.store.DepartmentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The exchange queues as the broker sees them: every department's inbound, outbound and dead-letter queue
 * plus the broker's own dead-letter queue, with depth, in-flight, consumers, cumulative counters and the
 * age of the oldest message, read through the management API on each request.
 *
 * <p>A sampler reads the same figures every {@code cityhub.ops.sample-period}: it feeds the
 * {@code cityhub.queue.depth} gauges (so that a scrape never costs a broker round trip) and the rates,
 * which are the difference of the counters between the last two samples divided by the time between them.
 */
@Component
public class QueueMonitor implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(QueueMonitor.class);
    private static final String PREFIX = "hub.";

    /** What a queue is for. */
    public enum Kind { INBOUND, OUTBOUND, DEAD_LETTER, BROKER_DEAD_LETTER, OTHER }

    /**
     * One queue. Counters ({@code messagesAdded}, {@code messagesAcknowledged}) are cumulative since the broker
     * started; the rates are per second over the sampler's last period, null until two samples exist.
     *
     * @param address the broker address the queue is on: its own name, except for the dead-letter queues the broker
     *                creates on hub.dlq.broker ({@code DLQ.<original address>})
     * @param exists false for a queue the broker does not have yet (nothing was ever sent or consumed); its figures are 0
     */
    public record QueueView(String name, String address, Kind kind, String department, boolean exists, long depth, long inFlight, int consumers,
                     long messagesAdded, long messagesAcknowledged, long messagesKilled, boolean paused,
                     OffsetDateTime oldestMessageAt, Long oldestAgeSeconds, Double addedPerSecond,
                     Double acknowledgedPerSecond, Double rateWindowSeconds) {
    }

    public record Overview(OffsetDateTime readAt, List<QueueView> items) {
    }

    private record Sample(Instant at, long added, long acknowledged) {
    }

    private final BrokerManagement broker;
    private final DepartmentStore departments;
    private final MeterRegistry meters;
    private final OpsProperties props;
    private final Clock clock;
    private final Map<String, Double> depths = new ConcurrentHashMap<>();
    private final Map<String, Sample[]> samples = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cityhub-queue-sampler");
        t.setDaemon(true);
        return t;
    });

    QueueMonitor(BrokerManagement broker, DepartmentStore departments, MeterRegistry meters, OpsProperties props, Clock clock) {
        this.broker = broker;
        this.departments = departments;
        this.meters = meters;
        this.props = props;
        this.clock = clock;
    }

    /** Starts sampling once the broker and the routes are up. */
    @EventListener(ApplicationReadyEvent.class)
    void startSampling() {
        long period = Math.max(1000, props.samplePeriod().toMillis());
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        sampler.shutdownNow();
    }

    /** Every hub queue, read from the broker now. */
    public Overview overview() {
        Map<String, BrokerManagement.QueueFigures> figures = read();
        Map<String, Long> oldest = oldest(figures.values().stream().filter(f -> f.messageCount() > 0).toList());
        List<QueueView> views = new ArrayList<>();
        for (String name : names(figures)) {
            views.add(view(name, figures.get(name), oldest.get(name)));
        }
        return new Overview(OffsetDateTime.now(clock), views);
    }

    /** One hub queue, read from the broker now; empty when it is neither expected nor on the broker. */
    Optional<QueueView> one(String name) {
        Map<String, BrokerManagement.QueueFigures> figures = read();
        if (!figures.containsKey(name) && !names(Map.of()).contains(name)) {
            return Optional.empty();
        }
        BrokerManagement.QueueFigures f = figures.get(name);
        return Optional.of(view(name, f, f != null && f.messageCount() > 0 ? oldest(List.of(f)).get(name) : null));
    }

    /** Reads the figures once and updates the gauges and rates; also called by the sampler. */
    void sample() {
        Map<String, BrokerManagement.QueueFigures> figures = read();
        Instant now = clock.instant();
        for (String name : names(figures)) {
            BrokerManagement.QueueFigures f = figures.get(name);
            depths.put(name, f == null ? 0.0 : (double) f.messageCount());
            if (!registered(name)) {
                Gauge.builder("cityhub.queue.depth", depths, m -> m.getOrDefault(name, Double.NaN))
                        .tag("queue", name)
                        .description("Messages waiting on an exchange queue (including those being delivered), as last sampled")
                        .baseUnit("messages")
                        .register(meters);
            }
            Sample s = new Sample(now, f == null ? 0 : f.messagesAdded(), f == null ? 0 : f.messagesAcknowledged());
            samples.compute(name, (k, old) -> old == null ? new Sample[] {null, s} : new Sample[] {old[1], s});
        }
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (RuntimeException e) {
            // an unknown depth is not a zero depth
            depths.replaceAll((k, v) -> Double.NaN);
            log.warn("queue figures could not be read: {}", e.getMessage());
        }
    }

    private boolean registered(String name) {
        return meters.find("cityhub.queue.depth").tag("queue", name).gauge() != null;
    }

    private Map<String, BrokerManagement.QueueFigures> read() {
        Map<String, BrokerManagement.QueueFigures> byName = new LinkedHashMap<>();
        for (BrokerManagement.QueueFigures f : broker.queues(PREFIX)) {
            byName.put(f.name(), f);
        }
        return byName;
    }

    /** The queues every known department has (whether the broker has them yet or not), then any other hub queue. */
    private List<String> names(Map<String, BrokerManagement.QueueFigures> figures) {
        List<String> names = new ArrayList<>();
        for (DepartmentStore.Department d : departments.all()) {
            names.add(ExchangeQueues.inbound(d.code()));
            names.add(ExchangeQueues.outbound(d.code()));
            names.add(ExchangeQueues.deadLetter(d.code()));
        }
        names.add(ExchangeQueues.BROKER_DEAD_LETTERS);
        figures.keySet().stream().filter(n -> !names.contains(n)).sorted(Comparator.naturalOrder()).forEach(names::add);
        return names;
    }

    /** The timestamp of the first waiting message of each queue, browsed in one session. */
    private Map<String, Long> oldest(List<BrokerManagement.QueueFigures> queues) {
        if (queues.isEmpty()) {
            return Map.of();
        }
        return broker.inSession(false, session -> {
            Map<String, Long> first = new java.util.HashMap<>();
            for (BrokerManagement.QueueFigures q : queues) {
                Long ts = broker.oldestTimestamp(session, q);
                if (ts != null && ts > 0) {
                    first.put(q.name(), ts);
                }
            }
            return first;
        });
    }

    private QueueView view(String name, BrokerManagement.QueueFigures f, Long firstTimestamp) {
        OffsetDateTime oldest = null;
        Long age = null;
        if (firstTimestamp != null) {
            oldest = OffsetDateTime.ofInstant(Instant.ofEpochMilli(firstTimestamp), ZoneOffset.UTC);
            age = Math.max(0, Duration.between(oldest.toInstant(), clock.instant()).toSeconds());
        }
        Sample[] pair = samples.get(name);
        Double added = null;
        Double acked = null;
        Double window = null;
        if (pair != null && pair[0] != null) {
            double seconds = Duration.between(pair[0].at(), pair[1].at()).toMillis() / 1000.0;
            if (seconds > 0) {
                window = seconds;
                // a broker restart resets the counters: no honest rate across it
                added = pair[1].added() >= pair[0].added() ? (pair[1].added() - pair[0].added()) / seconds : null;
                acked = pair[1].acknowledged() >= pair[0].acknowledged() ? (pair[1].acknowledged() - pair[0].acknowledged()) / seconds : null;
            }
        }
        String address = f == null ? name : f.address();
        return new QueueView(name, address, kind(name, address), department(name, address), f != null, f == null ? 0 : f.messageCount(),
                f == null ? 0 : f.deliveringCount(), f == null ? 0 : f.consumerCount(), f == null ? 0 : f.messagesAdded(),
                f == null ? 0 : f.messagesAcknowledged(), f == null ? 0 : f.messagesKilled(), f != null && f.paused(),
                oldest, age, added, acked, window);
    }

    static Kind kind(String name, String address) {
        if (name.equals(ExchangeQueues.BROKER_DEAD_LETTERS) || ExchangeQueues.BROKER_DEAD_LETTERS.equals(address)) {
            return Kind.BROKER_DEAD_LETTER;
        }
        if (name.startsWith("hub.inbound.")) {
            return Kind.INBOUND;
        }
        if (name.startsWith("hub.outbound.")) {
            return Kind.OUTBOUND;
        }
        return name.startsWith("hub.dlq.") ? Kind.DEAD_LETTER : Kind.OTHER;
    }

    /** The department a queue serves: from its name, for the broker's dead-letter queues from the original address in it. */
    static String department(String name, String address) {
        Kind k = kind(name, address);
        if (k == Kind.OTHER || name.equals(ExchangeQueues.BROKER_DEAD_LETTERS)) {
            return null;
        }
        for (String origin : List.of("hub.inbound.", "hub.outbound.", "hub.dlq.")) {
            int at = name.indexOf(origin);
            if (at >= 0 && (at == 0 || k == Kind.BROKER_DEAD_LETTER)) {
                return name.substring(at + origin.length());
            }
        }
        return null;
    }
}
