package org.cityhub.supervision;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.cityhub.caseflow.CaseStatus;
import org.cityhub.store.CaseStore;
import org.cityhub.store.CaseVersion;
import org.cityhub.store.StoredCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Keeps every case's light current. Two triggers: the change feed, read from the position remembered in
 * the store (so a restart or another node carries on where supervision left off), recomputes each changed
 * case; the sweep recomputes the cases whose light changes by time alone (their {@code next_check_at}, the
 * instant they turn YELLOW or RED), so a case turns RED at its deadline without any new message.
 * Recomputation reads only the store and is idempotent: nodes sharing the store may run both at once.
 */
@Component
public class SupervisionKeeper {

    private static final Logger log = LoggerFactory.getLogger(SupervisionKeeper.class);

    private final CaseStore cases;
    private final LightStore lights;
    private final LightCalculator calculator;
    private final ObjectMapper json;
    private final Clock clock;
    private final int batch;
    private final MultiGauge gauge;

    /** Work per scheduled run before yielding the scheduler's thread: 2 seconds. */
    static final long RUN_BUDGET_NANOS = 2_000_000_000L;

    public SupervisionKeeper(CaseStore cases, LightStore lights, LightCalculator calculator, ObjectMapper json, Clock clock,
                             SupervisionProperties props, MeterRegistry meters) {
        this.cases = cases;
        this.lights = lights;
        this.calculator = calculator;
        this.json = json;
        this.clock = clock;
        this.batch = props.batchSize();
        this.gauge = MultiGauge.builder("cityhub.supervision.cases")
                .description("Cases per supervision light and department, from the persisted lights")
                .register(meters);
    }

    /**
     * The case's light as of now, for a read (the case API, the alerts): computed at this instant, exactly as
     * {@link #assess(String)} would, but without writing. The clock comes from the case's persisted light when
     * that was computed from this version of the case (one read by key), else from the case and its history (the
     * keeper has not caught up with a new version yet, or the row predates V20); the keeper's feed reader and
     * sweep keep {@code case_light} itself current.
     *
     * @throws RuntimeException when the case's fields cannot be read as supervision reads them
     */
    public Assessment current(StoredCase c) {
        Instant now = clock.instant();
        return assessAt(c, lights.clockOf(c.supervisionCode(), c.version()), now);
    }

    /**
     * As {@link #current(StoredCase)}, with the persisted light's clock already read with the case
     * ({@link CaseStore#reading}): null when there is none of this version, and the clock is computed from the history.
     */
    public Assessment current(StoredCase c, String persistedClock) {
        Instant now = clock.instant();
        return assessAt(c, Optional.ofNullable(persistedClock).map(ClockText::read), now);
    }

    private Assessment assessAt(StoredCase c, Optional<CaseClock> persisted, Instant now) {
        CaseClock cc = persisted.orElseGet(() -> facts(c, cases.history(c.id())).clock());
        return calculator.assess(cc, now);
    }

    /** The case's light as of now, computed from the store and saved; empty for an unknown case. */
    public Optional<Assessment> assess(String supervisionCode) {
        return cases.findByCode(supervisionCode).map(this::recompute);
    }

    private Assessment recompute(StoredCase c) {
        Instant now = clock.instant();
        CaseFacts facts = facts(c, cases.history(c.id()));
        Assessment a = calculator.assess(facts.clock(), now);
        lights.save(List.of(new LightStore.Computed(c.supervisionCode(), c.department(), c.version(), facts, a)), now);
        return a;
    }

    /**
     * Recomputes these cases with two reads (the cases, their histories) and one batch of writes; a case
     * that cannot be computed is logged and skipped. Returns how many were recomputed.
     */
    private int recompute(Collection<String> codes) {
        if (codes.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        List<StoredCase> found = cases.findByCodes(codes);
        Map<Long, List<CaseVersion>> histories = cases.histories(found.stream().map(StoredCase::id).toList());
        List<LightStore.Computed> computed = new ArrayList<>(found.size());
        for (StoredCase c : found) {
            try {
                CaseFacts facts = facts(c, histories.getOrDefault(c.id(), List.of()));
                computed.add(new LightStore.Computed(c.supervisionCode(), c.department(), c.version(), facts,
                        calculator.assess(facts.clock(), now)));
            } catch (RuntimeException e) {
                log.warn("supervision: cannot compute the light of case {}: {}", c.supervisionCode(), e.getMessage());
            }
        }
        lights.save(computed, now);
        return computed.size();
    }

    private CaseFacts facts(StoredCase c, List<CaseVersion> history) {
        List<CaseFacts.Version> versions = new ArrayList<>();
        for (CaseVersion v : history) {
            Instant changedAt;
            try {
                String updated = topLevelText(v.content(), "updatedAt");
                changedAt = updated == null ? null : java.time.OffsetDateTime.parse(updated).toInstant();
            } catch (IOException e) {
                throw new IllegalStateException("version " + v.version() + " of " + c.supervisionCode() + " is not JSON", e);
            }
            versions.add(new CaseFacts.Version(CaseStatus.valueOf(v.status()), changedAt, v.recordedAt().toInstant()));
        }
        try {
            return CaseFacts.of(json.readTree(c.content()), versions);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("case " + c.supervisionCode() + " is not JSON", e);
        }
    }

    /**
     * The text of one top-level field of a JSON object, or null when it is absent or not a string. Read as a stream,
     * skipping every other field's value unparsed: a version's history entry needs only its {@code updatedAt}, and
     * building the whole tree of every version was most of the keeper's parsing.
     */
    private String topLevelText(String document, String field) throws IOException {
        try (JsonParser p = json.getFactory().createParser(document)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new com.fasterxml.jackson.core.JsonParseException(p, "expected a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = field.equals(p.currentName());
                JsonToken value = p.nextToken();
                if (wanted) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        }
    }

    /**
     * Recomputes the cases changed since the remembered feed position; returns how many it recomputed.
     * One run works for at most {@link #RUN_BUDGET_NANOS} and leaves the rest to the next: the scheduler's
     * thread is shared with the hub's other periodic work (a migration of 100,000 cases must not hold it).
     */
    @Scheduled(initialDelayString = "${cityhub.supervision.feed-period:PT5S}", fixedDelayString = "${cityhub.supervision.feed-period:PT5S}")
    public int catchUp() {
        long started = System.nanoTime();
        int done = 0;
        while (System.nanoTime() - started < RUN_BUDGET_NANOS) {
            long from = lights.cursor();
            List<CaseStore.Change> page = cases.changesAfter(from, batch);
            if (page.isEmpty()) {
                return done;
            }
            Set<String> codes = new LinkedHashSet<>();
            for (CaseStore.Change c : page) {
                codes.add(c.supervisionCode());
            }
            done += recompute(codes);
            lights.advance(page.get(page.size() - 1).seq());
            if (page.size() < batch) {
                return done;
            }
        }
        return done;
    }

    /**
     * Recomputes the cases whose light is due to change by now; returns how many. Refreshes the metrics.
     * Bounded like {@link #catchUp()}.
     */
    @Scheduled(initialDelayString = "${cityhub.supervision.sweep-period:PT30S}", fixedDelayString = "${cityhub.supervision.sweep-period:PT30S}")
    public int sweep() {
        long started = System.nanoTime();
        int done = 0;
        while (System.nanoTime() - started < RUN_BUDGET_NANOS) {
            List<String> due = lights.due(clock.instant(), batch);
            int n = recompute(due);
            done += n;
            // a case that cannot be computed keeps its due time: stop rather than spin on it
            if (due.size() < batch || n == 0) {
                break;
            }
        }
        refreshGauge();
        return done;
    }

    /** Re-reads the per-department, per-light counts into the gauge {@code cityhub.supervision.cases}. */
    public void refreshGauge() {
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (Object[] r : lights.countsByDepartmentAndLight()) {
            rows.add(MultiGauge.Row.of(Tags.of("department", (String) r[0], "light", (String) r[1]), (Long) r[2]));
        }
        gauge.register(rows, true);
    }

}
