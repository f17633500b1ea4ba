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

    private record Sample(Instant at, Kind kind, long added, long acknowledged) {
    }

    /** The counters of every queue as one sampler pass read them. */
    private record Snapshot(Instant at, Map<String, Sample> queues) {
    }

    /**
     * One step of the throughput chart: messages per second between two samples, summed over the hub's queues.
     *
     * @param seconds      the time between the two samples
     * @param received     added per second to the departments' inbound queues (records entering the exchange)
     * @param processed    acknowledged per second on the inbound queues (records mapped and stored, or dead-lettered)
     * @param deadLettered added per second to the dead-letter queues (the department ones and the broker's)
     * @param dispatched   acknowledged per second on the outbound queues (cases handed to departments)
     */
    public record Rates(OffsetDateTime at, double seconds, double received, double processed, double deadLettered, double dispatched) {
    }

    /** The sampled history, oldest first, at the sampler's period; no step until two samples exist. */
    public record Throughput(double samplePeriodSeconds, List<Rates> steps) {

        /** The largest rate of any series (at least 1), to scale a chart. */
        public double max() {
            double max = 1;
            for (Rates r : steps) {
                max = Math.max(max, Math.max(Math.max(r.received(), r.processed()), Math.max(r.deadLettered(), r.dispatched())));
            }
            return max;
        }

        /**
         * SVG polyline points for one series ({@code received}, {@code processed}, {@code deadLettered} or
         * {@code dispatched}) in a {@code width} x {@code height} box, time left to right, zero at the bottom.
         */
        public String points(String series, int width, int height) {
            StringBuilder out = new StringBuilder();
            int n = steps.size();
            double max = max();
            for (int i = 0; i < n; i++) {
                Rates r = steps.get(i);
                double v = switch (series) {
                    case "received" -> r.received();
                    case "processed" -> r.processed();
                    case "deadLettered" -> r.deadLettered();
                    case "dispatched" -> r.dispatched();
                    default -> throw new IllegalArgumentException("no series " + series);
                };
                double x = n == 1 ? width : (double) i * width / (n - 1);
                double y = height - v * height / max;
                out.append(i == 0 ? "" : " ").append(Math.round(x * 10) / 10.0).append(',').append(Math.round(y * 10) / 10.0);
            }
            return out.toString();
        }

        /** The last step, or null before two samples exist. */
        public Rates latest() {
            return steps.isEmpty() ? null : steps.get(steps.size() - 1);
        }
    }

    private final BrokerManagement broker;
    private final DepartmentStore departments;
    private final MeterRegistry meters;
    private final OpsProperties props;
    private final Clock clock;
    private final Map<String, Double> depths = new ConcurrentHashMap<>();
    /** The last {@code cityhub.ops.history-samples} sampler passes, oldest first; guarded by itself. */
    private final java.util.ArrayDeque<Snapshot> history = new java.util.ArrayDeque<>();
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
        Map<String, Sample> pass = new LinkedHashMap<>();
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
            pass.put(name, new Sample(now, kind(name, f == null ? name : f.address()), f == null ? 0 : f.messagesAdded(), f == null ? 0 : f.messagesAcknowledged()));
        }
        synchronized (history) {
            history.addLast(new Snapshot(now, pass));
            while (history.size() > Math.max(2, props.historySamples())) {
                history.removeFirst();
            }
        }
    }

    /**
     * The hub's throughput over the kept samples (by default the last 15 minutes at one sample every 10 s):
     * rates between consecutive samples, summed per kind of queue. A queue whose counters went down between two
     * samples (the broker restarted) adds nothing to that step rather than a negative or invented rate.
     */
    public Throughput throughput() {
        List<Snapshot> passes;
        synchronized (history) {
            passes = new ArrayList<>(history);
        }
        List<Rates> steps = new ArrayList<>();
        for (int i = 1; i < passes.size(); i++) {
            Snapshot before = passes.get(i - 1);
            Snapshot after = passes.get(i);
            double seconds = Duration.between(before.at(), after.at()).toMillis() / 1000.0;
            if (seconds <= 0) {
                continue;
            }
            double received = 0;
            double processed = 0;
            double deadLettered = 0;
            double dispatched = 0;
            for (Map.Entry<String, Sample> e : after.queues().entrySet()) {
                Sample was = before.queues().get(e.getKey());
                if (was == null) {
                    continue;
                }
                Sample is = e.getValue();
                double added = is.added() >= was.added() ? (is.added() - was.added()) / seconds : 0;
                double acked = is.acknowledged() >= was.acknowledged() ? (is.acknowledged() - was.acknowledged()) / seconds : 0;
                switch (is.kind()) {
                    case INBOUND -> {
                        received += added;
                        processed += acked;
                    }
                    case OUTBOUND -> dispatched += acked;
                    case DEAD_LETTER, BROKER_DEAD_LETTER -> deadLettered += added;
                    default -> { }
                }
            }
            steps.add(new Rates(OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC), seconds, received, processed, deadLettered, dispatched));
        }
        return new Throughput(props.samplePeriod().toMillis() / 1000.0, steps);
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
        Sample[] pair = lastTwo(name);
        Double added = null;
        Double acked = null;
        Double window = null;
        if (pair != null) {
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

    /** The queue's counters in the last two sampler passes that both read it, or null. */
    private Sample[] lastTwo(String name) {
        synchronized (history) {
            java.util.Iterator<Snapshot> newestFirst = history.descendingIterator();
            Sample last = null;
            while (newestFirst.hasNext()) {
                Sample s = newestFirst.next().queues().get(name);
                if (s == null) {
                    continue;
                }
                if (last == null) {
                    last = s;
                } else {
                    return new Sample[] {s, last};
                }
            }
            return null;
        }
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
