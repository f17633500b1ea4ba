package org.cityhub.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import org.cityhub.connector.ConnectorFile;
import org.cityhub.connector.ConnectorLoader;
import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.connector.OutboundTarget;
import org.cityhub.connector.PollingSource;
import org.cityhub.store.ConnectorPauses;
import org.cityhub.store.DepartmentAudit;
import org.cityhub.store.DepartmentStore;
import org.cityhub.store.Watermarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What operators see of each connector (source) and what they may do to it. Every action is recorded
 * in the department's audit trail (who, why, outcome), the refused ones too.
 */
@Component
public class ConnectorControl {

    private static final Logger log = LoggerFactory.getLogger(ConnectorControl.class);
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final ConnectorRegistry registry;
    private final Watermarks watermarks;
    private final ConnectorPauses pauses;
    private final DepartmentStore departments;
    private final DepartmentAudit audit;
    private final Clock clock;

    private final org.cityhub.cluster.SourceLeases leases;

    public ConnectorControl(ConnectorRegistry registry, Watermarks watermarks, ConnectorPauses pauses, DepartmentStore departments,
                            DepartmentAudit audit, Clock clock, org.cityhub.cluster.SourceLeases leases) {
        this.leases = leases;
        this.registry = registry;
        this.watermarks = watermarks;
        this.pauses = pauses;
        this.departments = departments;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * A connector as operators see it: a source (department → hub), or a target (hub → department), listed
     * after its department's sources.
     *
     * @param state       RUNNING, PAUSED (by an operator), DEGRADED (its department's system is failing: the hub keeps
     *                    retrying with back-off and nothing is lost; {@code lastError} says why), STOPPED (its route
     *                    is not running), MIGRATION_ONLY (retire mode: read by the migration, never polled) or
     *                    INVALID (its department's connector file is broken: {@code lastError} says why). A target
     *                    is RUNNING, or DEGRADED while dispatches to it fail and are being redelivered
     *                    ({@link OutboundTarget#outage})
     * @param lastSuccess for a source its last successful poll; for a target when the department last answered
     * @param lagSeconds  for a time watermark: how far the newest change read lies behind now
     * @param actions     what an operator may do now
     */
    public record Status(String department, String connector, String template, String state, Instant lastSuccess,
                         String lastError, String watermark, String watermarkKey, Long recordsAccepted, Long lagSeconds,
                         String pausedBy, String pauseReason, List<String> actions) {
    }

    /** Every connector of every department, invalid departments included. */
    public List<Status> all() {
        List<Status> out = new ArrayList<>();
        for (ConnectorFile file : registry.activeDepartments().stream()
                .sorted(java.util.Comparator.comparing(f -> f.department().code())).toList()) {
            for (ConnectorFile.Source s : file.sources()) {
                out.add(status(file, s));
            }
            for (ConnectorFile.Target t : file.targets()) {
                out.add(status(file, t));
            }
        }
        for (ConnectorLoader.Invalid bad : registry.invalidFiles()) {
            out.add(new Status(bad.departmentCode(), "*", null, "INVALID", null, bad.summary(), null, null, null, null, null, null,
                    List.of()));
        }
        return out;
    }

    /** One connector: a source, else a target of that name. */
    public Status one(String department, String connector) {
        ConnectorFile file = registry.department(department).orElseThrow(() -> new NoSuchElementException(
                "no running department '" + department + "'"));
        Optional<ConnectorFile.Source> source = file.sources().stream().filter(s -> s.name().equals(connector)).findFirst();
        if (source.isPresent()) {
            return status(file, source.get());
        }
        return file.targets().stream().filter(t -> t.name().equals(connector)).findFirst().map(t -> status(file, t))
                .orElseThrow(() -> new NoSuchElementException("department " + department + " has no connector '" + connector
                        + "'; it has " + java.util.stream.Stream.concat(file.sources().stream().map(ConnectorFile.Source::name),
                        file.targets().stream().map(ConnectorFile.Target::name)).toList()));
    }

    /**
     * A target: DEGRADED with the reason while its last hand-over failed lately (the broker is redelivering), else
     * RUNNING. Targets take no operator actions.
     */
    private Status status(ConnectorFile file, ConnectorFile.Target t) {
        String dept = file.department().code();
        OutboundTarget target = registry.target(dept, t.name()).orElse(null);
        String outage = target == null ? null : target.outage(clock.instant());
        return new Status(dept, t.name(), t.template(), outage == null ? "RUNNING" : "DEGRADED",
                target == null ? null : target.lastSuccess(), outage, null, null, null, null, null, null, List.of());
    }

    private Status status(ConnectorFile file, ConnectorFile.Source s) {
        String dept = file.department().code();
        Optional<String> route = registry.sourceRouteId(dept, s.name());
        PollingSource polling = registry.source(dept, s.name(), PollingSource.class).orElse(null);
        Watermarks.Mark mark = polling == null ? null : watermarks.get(dept, s.name()).orElse(null);
        Optional<ConnectorPauses.Pause> pause = pauses.find(dept, s.name());
        String state;
        if (route.isEmpty()) {
            state = "MIGRATION_ONLY";
        } else if (registry.isPaused(route.get())) {
            state = "PAUSED";
        } else if (!registry.routeStarted(route.get())) {
            state = "STOPPED";
        } else if (leases.registered(dept, s.name()) && !leases.holds(dept, s.name())) {
            // several nodes: another one holds the source's lease and polls it; this one stands by
            state = "STANDBY";
        } else if (polling != null && polling.lastError() != null) {
            state = "DEGRADED";
        } else {
            state = "RUNNING";
        }
        List<String> actions = switch (state) {
            case "PAUSED" -> polling != null ? List.of("resume", "resync") : List.of("resume");
            case "MIGRATION_ONLY" -> List.of();
            default -> polling != null ? List.of("pause", "resync") : List.of("pause");
        };
        return new Status(dept, s.name(), s.template(), state, polling == null ? null : polling.lastSuccess(),
                polling == null ? null : polling.lastError(), mark == null ? null : mark.value(), mark == null ? null : mark.key(),
                mark == null ? null : mark.rowsAccepted(), lag(mark), pause.map(ConnectorPauses.Pause::pausedBy).orElse(null),
                pause.map(ConnectorPauses.Pause::reason).orElse(null), actions);
    }

    /** For a time watermark (an ISO local date-time in the department's China time): now minus it. */
    private Long lag(Watermarks.Mark mark) {
        if (mark == null || mark.value() == null) {
            return null;
        }
        try {
            LocalDateTime at = LocalDateTime.parse(mark.value());
            return Math.max(0, Duration.between(at.atZone(CHINA).toInstant(), clock.instant()).toSeconds());
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    /** An operator's request. {@code watermark} for resync only. */
    public record Request(String action, String actor, String reason, String watermark) {
    }

    /**
     * Takes an action on a connector: pause (its route stops, also across restarts), resume, or resync
     * (the next poll reads from the given watermark, less the source's overlap).
     *
     * @throws NoSuchElementException   when there is no such connector
     * @throws IllegalArgumentException when the request is malformed (audited as REFUSED when it names a connector)
     */
    public Status act(String department, String connector, Request request) {
        Status before = one(department, connector);
        String lifecycle = departments.find(department).map(DepartmentStore.Department::lifecycle).orElse("ONBOARDING");
        String action = request.action() == null ? "" : request.action();
        String auditAction = action + " " + connector;
        if (request.actor() == null || request.actor().isBlank()) {
            throw new IllegalArgumentException("actor: a connector action must say who takes it (the authenticated client)");
        }
        if (!before.actions().contains(action)) {
            String why = "action: expected one of " + before.actions() + " for connector " + department + "/" + connector + " in state "
                    + before.state() + ", got '" + action + "'";
            audit.record(department, auditAction, request.actor(), request.reason(), lifecycle, lifecycle, "REFUSED", why);
            throw new IllegalArgumentException(why);
        }
        String route = registry.sourceRouteId(department, connector).orElseThrow();
        String detail;
        try {
            switch (action) {
                case "pause" -> {
                    pauses.pause(department, connector, request.actor(), request.reason());
                    leases.refresh(department, connector);
                    registry.pauseRoute(route);
                    detail = "route " + route + " stopped; it stays paused across restarts until resumed";
                }
                case "resume" -> {
                    pauses.resume(department, connector);
                    // the lease at once, not at the next renewal round: polling resumes now
                    leases.refresh(department, connector);
                    registry.resumeRoute(route);
                    detail = "route " + route + " started";
                }
                case "resync" -> {
                    PollingSource polling = registry.source(department, connector, PollingSource.class).orElseThrow();
                    String value = polling.toWatermark(request.watermark());
                    Watermarks.Mark old = watermarks.get(department, connector).orElse(null);
                    watermarks.put(department, connector, new Watermarks.Mark(value, null, old == null ? 0 : old.rowsAccepted()));
                    detail = "watermark " + (old == null ? "(none)" : old.value()) + " → " + value
                            + ": the next poll reads from there (less the overlap); records read again are not queued twice";
                }
                default -> throw new IllegalStateException(action);
            }
        } catch (IllegalArgumentException e) {
            audit.record(department, auditAction, request.actor(), request.reason(), lifecycle, lifecycle, "REFUSED", e.getMessage());
            throw e;
        } catch (Exception e) {
            audit.record(department, auditAction, request.actor(), request.reason(), lifecycle, lifecycle, "REFUSED", e.toString());
            throw new IllegalStateException("connector " + department + "/" + connector + ": " + action + " failed: " + e.getMessage(), e);
        }
        audit.record(department, auditAction, request.actor(), request.reason(), lifecycle, lifecycle, "DONE", detail);
        log.info("connector {}/{}: {} by {}: {}", department, connector, action, request.actor(), detail);
        return one(department, connector);
    }
}
