package org.cityhub.ops;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

import org.cityhub.connector.ConnectorFile;
import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.connector.ExchangeQueues;
import org.cityhub.mapping.MappingCatalog;
import org.cityhub.store.DepartmentStore;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The ops admin API the console calls: exchange queue figures, dead letters (browse, replay, discard),
 * replays from the raw archive, the mapping reload after a fix, and the audit log of every action.
 */
@RestController
@RequestMapping(path = "/api/v1/ops", produces = MediaType.APPLICATION_JSON_VALUE)
class OpsApi {

    /** The user a trusted client names as acting (see {@link org.cityhub.security.Callers}). */
    static final String CALLER_HEADER = org.cityhub.security.Callers.ON_BEHALF_HEADER;

    private final QueueMonitor queues;
    private final DeadLetterDesk deadLetters;
    private final ArchiveReplays replays;
    private final OpsAudit audit;
    private final DepartmentStore departments;
    private final MappingCatalog mappings;
    private final ConnectorRegistry registry;

    private final org.cityhub.security.Access access;

    OpsApi(QueueMonitor queues, DeadLetterDesk deadLetters, ArchiveReplays replays, OpsAudit audit, DepartmentStore departments,
           MappingCatalog mappings, ConnectorRegistry registry, org.cityhub.security.Access access) {
        this.access = access;
        this.registry = registry;
        this.queues = queues;
        this.deadLetters = deadLetters;
        this.replays = replays;
        this.audit = audit;
        this.departments = departments;
        this.mappings = mappings;
    }

    /**
     * A dead-letter action: on a department's dead-letter queue ({@code department}) or on another one
     * ({@code queue}, e.g. hub.dlq.broker); on the messages {@code ids}, or with {@code all} on every message
     * dead-lettered up to now.
     */
    record DeadLetterAction(String department, String queue, List<String> ids, Boolean all, String reason) {
    }

    record ActionResult(int affected, List<String> ids, List<String> targetQueues, OpsAudit.Entry audit) {
    }

    record AuditList(List<OpsAudit.Entry> items) {
    }

    record ReplayRequest(String department, String connector, String from, String to, String reason) {
    }

    record ReplayList(List<ArchiveReplays.Replay> items) {
    }

    record ReloadRequest(String reason) {
    }

    record ReloadResult(List<String> reloaded, OpsAudit.Entry audit) {
    }

    @GetMapping("/queues")
    QueueMonitor.Overview queues() {
        QueueMonitor.Overview all = queues.overview();
        // a scoped client sees its departments' queues only (not the broker's own, which mixes every department)
        return new QueueMonitor.Overview(all.readAt(), access.filter(all.items(), QueueMonitor.QueueView::department));
    }

    @GetMapping("/throughput")
    QueueMonitor.Throughput throughput() {
        return queues.throughput();
    }

    @GetMapping("/queues/{name}")
    QueueMonitor.QueueView queue(@PathVariable String name) {
        QueueMonitor.QueueView q = queues.one(name).orElseThrow(() -> OpsProblem.notFound("No such queue", "no exchange queue '" + name
                + "': expected hub.inbound.<department>, hub.outbound.<department>, hub.dlq.<department> or hub.dlq.broker"));
        if (q.department() == null) {
            access.requireCity("queue " + name);
        } else {
            access.require(q.department());
        }
        return q;
    }

    @GetMapping("/dead-letters")
    DeadLetterDesk.Page deadLetters(@RequestParam(required = false) String department, @RequestParam(required = false) String queue,
                                    @RequestParam(defaultValue = "50") int limit, @RequestParam(required = false) String after) {
        if (limit < 1 || limit > 500) {
            throw OpsProblem.badRequest("limit: expected 1 to 500, got " + limit);
        }
        String q = deadLetterQueue(department, queue);
        try {
            return deadLetters.browse(q, limit, after);
        } catch (IllegalArgumentException e) {
            throw OpsProblem.badRequest(e.getMessage());
        }
    }

    @PostMapping(path = "/dead-letters/replay", consumes = MediaType.APPLICATION_JSON_VALUE)
    ActionResult replay(@RequestHeader(name = CALLER_HEADER, required = false) String caller,
                        @RequestBody(required = false) DeadLetterAction body) {
        return deadLetterAction("replay-dead-letters", caller, body, true);
    }

    @PostMapping(path = "/dead-letters/discard", consumes = MediaType.APPLICATION_JSON_VALUE)
    ActionResult discard(@RequestHeader(name = CALLER_HEADER, required = false) String caller,
                         @RequestBody(required = false) DeadLetterAction body) {
        return deadLetterAction("discard-dead-letters", caller, body, false);
    }

    @GetMapping("/audit")
    AuditList audit(@RequestParam(required = false) String department, @RequestParam(defaultValue = "100") int limit,
                    @RequestParam(required = false) Long before) {
        if (limit < 1 || limit > 1000) {
            throw OpsProblem.badRequest("limit: expected 1 to 1000, got " + limit);
        }
        if (department != null) {
            access.require(department);
        }
        return new AuditList(access.filter(audit.list(department, before, limit), OpsAudit.Entry::department));
    }

    /** Starts a replay from the raw archive: 202 with the job, whose progress is at its Location. */
    @PostMapping(path = "/replays", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ArchiveReplays.Replay> startReplay(@RequestHeader(name = CALLER_HEADER, required = false) String caller,
                                                      @RequestBody(required = false) ReplayRequest body) {
        String actor = caller(caller);
        if (body == null) {
            throw OpsProblem.badRequest("body: expected {\"department\", \"connector\" (optional), \"from\", \"to\", \"reason\"}");
        }
        if (body.department() != null) {
            access.require(body.department());
        }
        if (body.department() == null || departments.find(body.department()).isEmpty()) {
            throw OpsProblem.badRequest("department: expected the code of a department the hub knows, got "
                    + (body.department() == null ? "nothing" : "'" + body.department() + "'"));
        }
        ConnectorFile file = registry.department(body.department()).orElseThrow(() -> OpsProblem.conflict("Action refused",
                "department " + body.department() + " has no running connector file: no ingest route would map the replayed records"));
        String connector = blankToNull(body.connector());
        if (connector != null && file.sources().stream().noneMatch(s -> s.name().equals(connector))) {
            throw OpsProblem.badRequest("connector: expected one of the department's sources "
                    + file.sources().stream().map(ConnectorFile.Source::name).toList() + ", got '" + connector + "'");
        }
        OffsetDateTime from = instant("from", body.from());
        OffsetDateTime to = instant("to", body.to());
        if (!from.isBefore(to)) {
            throw OpsProblem.badRequest("to: expected a time after from (" + body.from() + "), got " + body.to());
        }
        String reason = required(body.reason());
        ArchiveReplays.Replay job = replays.start(body.department(), connector, from, to, reason, actor);
        audit.record("replay-archive", actor, job.department(), null, ExchangeQueues.inbound(job.department()), List.of(), reason,
                OpsAudit.DONE, (int) Math.min(Integer.MAX_VALUE, job.total()), "replay " + job.id() + ": raw messages received from "
                        + from + " to " + to + (job.connector() == null ? "" : " of connector " + job.connector()));
        return ResponseEntity.accepted().location(URI.create("/api/v1/ops/replays/" + job.id())).body(job);
    }

    @GetMapping("/replays")
    ReplayList replays(@RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > 500) {
            throw OpsProblem.badRequest("limit: expected 1 to 500, got " + limit);
        }
        return new ReplayList(replays.recent(limit));
    }

    @GetMapping("/replays/{id}")
    ArchiveReplays.Replay replay(@PathVariable long id) {
        return replays.find(id).orElseThrow(() -> OpsProblem.notFound("No such replay", "no replay " + id));
    }

    /** Compiles the mappings in use again from their files (after a fix); all or nothing. */
    @PostMapping(path = "/mappings/reload")
    ReloadResult reloadMappings(@RequestHeader(name = CALLER_HEADER, required = false) String caller,
                                @RequestBody(required = false) ReloadRequest body) {
        access.requireCity("a mapping reload");
        String actor = caller(caller);
        String reason = body == null ? null : body.reason();
        try {
            List<String> reloaded = mappings.reload();
            return new ReloadResult(reloaded, audit.record("reload-mappings", actor, null, null, null, List.of(), reason, OpsAudit.DONE,
                    reloaded.size(), "reloaded " + reloaded));
        } catch (RuntimeException e) {
            audit.record("reload-mappings", actor, null, null, null, List.of(), reason, OpsAudit.REFUSED, 0, e.getMessage());
            throw new OpsProblem(org.springframework.http.HttpStatus.UNPROCESSABLE_ENTITY, "Broken mapping",
                    e.getMessage() + "; the mappings in service are unchanged");
        }
    }

    private ActionResult deadLetterAction(String action, String caller, DeadLetterAction body, boolean replay) {
        String actor = caller(caller);
        if (body == null) {
            throw OpsProblem.badRequest("body: expected {\"department\" or \"queue\", \"ids\": [...] or \"all\": true, \"reason\"}");
        }
        String queue = deadLetterQueue(body.department(), body.queue());
        boolean all = Boolean.TRUE.equals(body.all());
        if (all == (body.ids() != null && !body.ids().isEmpty())) {
            throw OpsProblem.badRequest("ids/all: expected either \"ids\" (a non-empty list of message ids) or \"all\": true");
        }
        if (!replay && (body.reason() == null || body.reason().isBlank())) {
            throw OpsProblem.badRequest("reason: a discard must say why (the messages are gone for good)");
        }
        List<String> ids = all ? null : body.ids().stream().distinct().toList();
        String department = QueueMonitor.department(queue, queue.startsWith("hub.dlq.") ? queue : ExchangeQueues.BROKER_DEAD_LETTERS);
        if (!all) {
            List<String> problems = deadLetters.problems(queue, ids, replay);
            if (!problems.isEmpty()) {
                audit.record(action, actor, department, queue, null, ids, body.reason(), OpsAudit.REFUSED, 0, String.join("; ", problems));
                throw OpsProblem.conflict("Action refused", "nothing was done: " + String.join("; ", problems));
            }
        }
        DeadLetterDesk.Result result;
        try {
            result = replay ? deadLetters.replay(queue, ids) : deadLetters.discard(queue, ids);
        } catch (DeadLetterDesk.PartlyDone e) {
            DeadLetterDesk.Result done = e.done();
            audit.record(action, actor, department, queue, done.targetQueues().isEmpty() ? null : String.join(",", done.targetQueues()),
                    done.ids(), body.reason(), OpsAudit.FAILED, done.affected(), "stopped after " + done.affected() + ": " + e.getMessage());
            throw (RuntimeException) e.getCause();
        } catch (RuntimeException e) {
            audit.record(action, actor, department, queue, null, ids == null ? List.of() : ids, body.reason(), OpsAudit.FAILED, 0,
                    e.getMessage());
            throw e;
        }
        OpsAudit.Entry entry = audit.record(action, actor, department, queue,
                result.targetQueues().isEmpty() ? null : String.join(",", result.targetQueues()), result.ids(), body.reason(),
                OpsAudit.DONE, result.affected(), (replay ? "replayed " : "discarded ") + result.affected()
                        + (all ? " (all dead-lettered up to the action)" : " of " + ids.size() + " selected"));
        return new ActionResult(result.affected(), result.ids(), result.targetQueues(), entry);
    }

    private String deadLetterQueue(String department, String queue) {
        if ((department == null) == (queue == null)) {
            throw OpsProblem.badRequest("department/queue: expected one of them: a department code, or a dead-letter queue such as "
                    + ExchangeQueues.BROKER_DEAD_LETTERS);
        }
        if (department != null) {
            access.require(department);
            if (departments.find(department).isEmpty()) {
                throw OpsProblem.notFound("No such department", "no department '" + department + "'");
            }
            return ExchangeQueues.deadLetter(department);
        }
        if (!queue.startsWith("hub.dlq.") && !deadLetters.isBrokerDeadLetterQueue(queue)) {
            throw OpsProblem.badRequest("queue: expected a dead-letter queue (hub.dlq.<department>, hub.dlq.broker, or one of the"
                    + " broker's queues on hub.dlq.broker such as DLQ.hub.outbound.<department>), got '" + queue + "'");
        }
        String owner = QueueMonitor.department(queue, queue.startsWith("hub.dlq.") ? queue : ExchangeQueues.BROKER_DEAD_LETTERS);
        if (owner == null) {
            access.requireCity("queue " + queue);
        } else {
            access.require(owner);
        }
        return queue;
    }

    /** The actor the ops audit records: the client, or the user a trusted client names (see Callers). */
    private static String caller(String caller) {
        String actor = org.cityhub.security.Callers.actor(caller);
        if (actor == null) {
            throw OpsProblem.badRequest("an ops action needs an authenticated caller");
        }
        return actor;
    }

    private static String required(String reason) {
        if (reason == null || reason.isBlank()) {
            throw OpsProblem.badRequest("reason: expected why the records are replayed (e.g. the mapping fix)");
        }
        return reason;
    }

    private static OffsetDateTime instant(String field, String value) {
        if (value == null) {
            throw OpsProblem.badRequest(field + ": expected a date-time with offset such as 2026-11-21T00:00:00+08:00, got nothing");
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw OpsProblem.badRequest(field + ": expected a date-time with offset such as 2026-11-21T00:00:00+08:00, got '" + value + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
