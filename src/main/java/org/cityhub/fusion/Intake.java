package org.cityhub.fusion;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.cityhub.config.HubProperties;
import org.cityhub.connector.ConnectorFile;
import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.onboarding.NotInService;
import org.cityhub.onboarding.Onboarding;
import org.cityhub.connector.Dispatcher;
import org.cityhub.mapping.CaseSchema;
import org.cityhub.mapping.MappingException;
import org.cityhub.store.CaseStore;
import org.cityhub.store.ContentHash;
import org.cityhub.store.DepartmentStore;
import org.cityhub.store.DispatchStore;
import org.cityhub.store.DispatchStore.State;
import org.cityhub.store.IncomingCase;
import org.cityhub.store.IntakeStore;
import org.cityhub.store.IntakeStore.IntakeRequest;
import org.cityhub.store.RawArchive;
import org.cityhub.store.StoreOutcome;
import org.cityhub.store.StoredCase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One-window intake (一窗受理) from the city platform: a case handed in with the departments that must
 * decide on it is stored as a case of the pseudo-department {@value #PLATFORM} (its number space is the
 * platform's), gets its supervision code, and is sent to every department at once (同时分送).
 *
 * <p>Nothing is lost and nothing is sent twice, although the store and the broker are not one
 * transaction: the request, the case and a QUEUED dispatch per department are committed first, in one
 * database transaction; then each department's dispatch goes on its queue; then the request is marked
 * queued. A hub that stops in between leaves the request unmarked, and the retry of the same request, or
 * the sweep {@link #resumeUnqueued()}, queues the dispatches again. A department's dispatch queued twice
 * that way is sent once: the dispatcher takes a message for a case already SENT off the queue without
 * calling the department.
 */
@Component
public class Intake {

    private static final Logger log = LoggerFactory.getLogger(Intake.class);

    /** The pseudo-department whose cases come from the city platform. */
    public static final String PLATFORM = "platform";
    /** The connector name the platform's cases are recorded under (raw archive, history). */
    public static final String CONNECTOR = "intake";
    /** A request not marked queued this long after it arrived is resumed by the sweep (or a retry). */
    static final Duration RESUME_AFTER = Duration.ofSeconds(30);

    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]{1,200}");
    private static final Pattern REGION = Pattern.compile("[0-9]{6}");
    private static final Set<String> HUB_FIELDS = Set.of("supervisionCode", "department", "version", "dispatch", "supervision");

    private final ConnectorRegistry registry;
    private final Onboarding onboarding;
    private final DepartmentStore departments;
    private final Dispatcher dispatcher;
    private final DispatchStore dispatches;
    private final CaseStore cases;
    private final IntakeStore intakes;
    private final RawArchive raw;
    private final CaseSchema schema;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final ContentHash contentHash;
    private final Clock clock;
    private final String region;

    private final org.cityhub.cluster.SourceLeases leases;

    public Intake(ConnectorRegistry registry, Onboarding onboarding, DepartmentStore departments, Dispatcher dispatcher, DispatchStore dispatches,
                  CaseStore cases, IntakeStore intakes, RawArchive raw, CaseSchema schema, TransactionTemplate tx,
                  ObjectMapper json, Clock clock, HubProperties props, org.cityhub.cluster.SourceLeases leases) {
        this.leases = leases;
        this.registry = registry;
        this.onboarding = onboarding;
        this.departments = departments;
        this.dispatcher = dispatcher;
        this.dispatches = dispatches;
        this.cases = cases;
        this.intakes = intakes;
        this.raw = raw;
        this.schema = schema;
        this.tx = tx;
        this.json = json;
        this.contentHash = new ContentHash(json);
        this.clock = clock;
        this.region = props.platform().region();
        if (region == null || !REGION.matcher(region).matches()) {
            throw new IllegalStateException("cityhub.platform.region: expected a 6-digit region code (行政区划), got '" + region + "'");
        }
    }

    /**
     * What an intake request led to.
     *
     * @param supervisionCode the case's supervision code
     * @param replayed        true when the request was made before under the same key (nothing new happened)
     */
    public record Taken(String supervisionCode, boolean replayed) {
    }

    /**
     * Takes a case in and sends it to its departments; the same request again under the same key answers
     * the first one's case and does nothing else.
     *
     * @param idempotencyKey the client's key for this request (the {@code Idempotency-Key} header)
     * @param body           the request body as received
     * @throws IntakeRefused with the field or department and what was expected
     */
    public Taken take(String idempotencyKey, String body) {
        return take(idempotencyKey, body, targets -> { });
    }

    /**
     * As {@link #take(String, String)}, with the named departments first shown to {@code authorise}, which
     * refuses (throws) when the caller may not send cases to one of them; nothing is stored then.
     */
    public Taken take(String idempotencyKey, String body, java.util.function.Consumer<List<String>> authorise) {
        Accepted a = accept(idempotencyKey, body, authorise);
        if (a.taken().replayed()) {
            return a.taken();
        }
        queue(idempotencyKey, a.taken().supervisionCode(), a.departments());
        return a.taken();
    }

    /** A request checked and stored (or recognised as made before), not yet queued. */
    record Accepted(Taken taken, List<String> departments) {
    }

    /**
     * The first half of {@link #take}: checks the request and stores it, the case and its QUEUED
     * dispatches in one transaction, and stops there; what a hub that stopped right after that commit
     * leaves behind.
     */
    Accepted accept(String idempotencyKey, String body) {
        return accept(idempotencyKey, body, targets -> { });
    }

    private Accepted accept(String idempotencyKey, String body, java.util.function.Consumer<List<String>> authorise) {
        if (idempotencyKey == null || idempotencyKey.isBlank()) {
            throw new IntakeRefused(400, "Missing Idempotency-Key",
                    "Idempotency-Key: expected a header naming this request (1-200 visible ASCII characters, e.g. a UUID),"
                            + " so that a retry is recognised; got none");
        }
        if (!KEY.matcher(idempotencyKey).matches()) {
            throw new IntakeRefused(400, "Invalid Idempotency-Key", "Idempotency-Key: expected 1-200 visible ASCII characters,"
                    + " got " + idempotencyKey.length() + " characters");
        }
        JsonNode request = parse(body);
        String requestHash = contentHash.of(request);
        Optional<IntakeRequest> prior = intakes.find(idempotencyKey);
        if (prior.isPresent()) {
            authorise.accept(prior.get().departments());
            return new Accepted(replay(prior.get(), requestHash), prior.get().departments());
        }
        List<String> targets = departmentsOf(request);
        authorise.accept(targets);
        ObjectNode caseJson = caseOf(request);
        String code;
        try {
            code = tx.execute(status -> store(idempotencyKey, requestHash, targets, caseJson));
        } catch (DuplicateKeyException e) {
            // the same key in a concurrent request: it won, this one is its retry
            IntakeRequest winner = intakes.find(idempotencyKey).orElseThrow(() -> new IntakeRefused(409, "Case already taken in",
                    "case.departmentCaseNo: the platform's case was taken in at this moment under another Idempotency-Key"));
            return new Accepted(replay(winner, requestHash), winner.departments());
        }
        return new Accepted(new Taken(code, false), targets);
    }

    /** Store first, in one transaction: request, case (version 1, supervision code), a QUEUED dispatch each. */
    private String store(String key, String requestHash, List<String> targets, ObjectNode caseJson) {
        String caseNo = caseJson.get("departmentCaseNo").asText();
        Optional<StoredCase> existing = cases.findByDepartmentCase(PLATFORM, caseNo);
        if (existing.isPresent()) {
            throw new IntakeRefused(409, "Case already taken in", "case.departmentCaseNo: the platform's case " + caseNo
                    + " was taken in before as " + existing.get().supervisionCode() + " under another Idempotency-Key;"
                    + " expected a new case number, or the first request's key to ask again");
        }
        byte[] payload = caseJson.toString().getBytes(StandardCharsets.UTF_8);
        List<RawArchive.Archived> archived = raw.accept(PLATFORM, CONNECTOR,
                List.of(new RawArchive.Received(caseNo, "application/json", payload)));
        Long rawId = archived.isEmpty() ? null : archived.get(0).id();
        StoreOutcome outcome = cases.apply(List.of(new IncomingCase(PLATFORM, region, CONNECTOR, rawId, caseJson.deepCopy()))).get(0);
        if (rawId != null) {
            raw.markQueued(List.of(rawId));
        }
        String code = outcome.supervisionCode();
        intakes.insert(key, requestHash, code, targets, write(caseJson));
        for (String department : targets) {
            String target = registry.department(department).orElseThrow().targets().get(0).name();
            dispatches.record(code, department, target, State.QUEUED, null, 0, null);
        }
        return code;
    }

    /** Then the queues, one department after the other, then the mark that all are queued. */
    private void queue(String key, String code, List<String> targets) {
        JsonNode stored = read(cases.findByCode(code).orElseThrow().content());
        try {
            for (String department : targets) {
                dispatcher.enqueue(department, stored);
            }
        } catch (RuntimeException e) {
            // stored and answered as taken: the sweep queues what is missing once the broker takes it again
            log.warn("intake {} (case {}): dispatch not queued yet, the sweep tries again: {}", key, code, e.getMessage());
            return;
        }
        intakes.markQueued(key);
    }

    private Taken replay(IntakeRequest prior, String requestHash) {
        if (!prior.requestSha256().equals(requestHash)) {
            throw new IntakeRefused(422, "Idempotency-Key reused", "Idempotency-Key: " + prior.idempotencyKey()
                    + " was used at " + prior.receivedAt() + " for another request (case " + prior.supervisionCode()
                    + "); expected the same body to ask again, or a new key for a new request");
        }
        if (prior.queuedAt() == null && prior.receivedAt().isBefore(OffsetDateTime.now(clock).minus(RESUME_AFTER))) {
            resume(prior);
        }
        return new Taken(prior.supervisionCode(), true);
    }

    /**
     * Queues again what a hub that stopped between store and queue left unqueued: the departments whose
     * dispatch is still QUEUED (never handled) or missing. Runs every 30 s.
     */
    @Scheduled(initialDelayString = "PT30S", fixedDelayString = "PT30S")
    public void resumeUnqueued() {
        // with several nodes, one of them does it (the lease stays with it while it lives)
        if (!leases.claim("~hub", "intake-resume")) {
            return;
        }
        resumeUnqueued(OffsetDateTime.now(clock).minus(RESUME_AFTER));
    }

    /** Resumes the requests received before {@code before} that were never marked queued. */
    void resumeUnqueued(OffsetDateTime before) {
        for (IntakeRequest r : intakes.unqueued(before)) {
            try {
                resume(r);
            } catch (RuntimeException e) {
                log.warn("intake {} (case {}): dispatch not queued yet, trying again later: {}", r.idempotencyKey(),
                        r.supervisionCode(), e.getMessage());
            }
        }
    }

    private synchronized void resume(IntakeRequest r) {
        Optional<StoredCase> c = cases.findByCode(r.supervisionCode());
        if (c.isEmpty()) {
            return;
        }
        JsonNode stored = read(c.get().content());
        int queued = 0;
        for (String department : r.departments()) {
            Optional<DispatchStore.Dispatch> d = dispatches.find(r.supervisionCode(), department);
            if (d.isEmpty() || d.get().state() == State.QUEUED) {
                dispatcher.enqueue(department, stored);
                queued++;
            }
        }
        intakes.markQueued(r.idempotencyKey());
        log.info("intake {} (case {}): {} dispatch(es) queued again after an interruption", r.idempotencyKey(),
                r.supervisionCode(), queued);
    }

    // ---------------------------------------------------------------- the request

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw IntakeRefused.badRequest("(body): expected a JSON object {\"departments\": [...], \"case\": {...}}, got nothing");
        }
        JsonNode node;
        try {
            node = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw IntakeRefused.badRequest("(body): expected JSON, got unparsable JSON at line " + e.getLocation().getLineNr()
                    + " column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw IntakeRefused.badRequest("(body): expected a JSON object {\"departments\": [...], \"case\": {...}}, got "
                    + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("departments") && !f.equals("case")) {
                throw IntakeRefused.badRequest(f + ": expected only the fields departments and case, got an unknown field");
            }
        }
        return node;
    }

    /** The departments, each known and able to take cases; the first refusal is the answer. */
    private List<String> departmentsOf(JsonNode request) {
        JsonNode list = request.get("departments");
        if (list == null || !list.isArray() || list.isEmpty()) {
            throw IntakeRefused.badRequest("departments: expected a non-empty array of department codes, e.g. [\"drug\", \"land\"], got "
                    + (list == null ? "nothing" : list.isArray() ? "an empty array" : list.getNodeType().name().toLowerCase()));
        }
        Set<String> codes = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode d = list.get(i);
            if (!d.isTextual() || d.asText().isBlank()) {
                throw IntakeRefused.badRequest("departments[" + i + "]: expected a department code (string), got " + d);
            }
            if (!codes.add(d.asText())) {
                throw IntakeRefused.badRequest("departments[" + i + "]: expected each department once, got '" + d.asText() + "' again");
            }
        }
        List<String> ordered = new ArrayList<>(codes);
        for (int i = 0; i < ordered.size(); i++) {
            IntakeRefused why = refusalOf(ordered.get(i), "departments[" + i + "]");
            if (why != null) {
                throw why;
            }
        }
        return ordered;
    }

    /**
     * Whether a department can be sent cases now; null when it can. The one place that decides: a
     * department must be known, running (ACTIVE) and have a target in its connector file.
     */
    IntakeRefused refusalOf(String department, String field) {
        Optional<ConnectorFile> file = registry.department(department);
        if (file.isPresent()) {
            if (file.get().targets().isEmpty()) {
                return new IntakeRefused(409, "Department cannot take cases", field + ": department '" + department
                        + "' has no target in its connector file (connectors/" + department + ".yaml): expected a department"
                        + " the hub can send cases to");
            }
            try {
                onboarding.requireInService(department);
            } catch (NotInService e) {
                return new IntakeRefused(409, "Department cannot take cases", field + ": " + e.getMessage());
            }
            return null;
        }
        Optional<DepartmentStore.Department> known = departments.all().stream().filter(d -> d.code().equals(department)).findFirst();
        if (known.isPresent()) {
            return new IntakeRefused(409, "Department cannot take cases", field + ": department '" + department + "' is "
                    + known.get().state() + (known.get().stateDetail() == null ? "" : " (" + known.get().stateDetail() + ")")
                    + ": expected an ACTIVE department");
        }
        return new IntakeRefused(422, "Unknown department", field + ": expected a department the hub knows "
                + departments.all().stream().map(DepartmentStore.Department::code).filter(c -> !c.equals(PLATFORM)).sorted().toList()
                + ", got '" + department + "'");
    }

    /** The case: normalised and validated against the Case schema, without the fields the hub owns. */
    private ObjectNode caseOf(JsonNode request) {
        JsonNode c = request.get("case");
        if (c == null || !c.isObject()) {
            throw IntakeRefused.badRequest("case: expected the case as an object (Case schema, /contract/case.schema.json), got "
                    + (c == null ? "nothing" : c.getNodeType().name().toLowerCase()));
        }
        ObjectNode caseJson = c.deepCopy();
        for (String f : HUB_FIELDS) {
            if (caseJson.has(f)) {
                throw IntakeRefused.badRequest("case." + f + ": expected nothing, the hub sets " + f + " itself");
            }
        }
        try {
            schema.normalise(caseJson);
            schema.validate(caseJson);
        } catch (MappingException e) {
            String field = e.fieldPath().startsWith("(") ? "case" : "case." + e.fieldPath();
            throw IntakeRefused.badRequest(field + e.getMessage().substring(e.fieldPath().length()));
        }
        String status = caseJson.get("status").asText();
        if (!status.equals("SUBMITTED")) {
            throw IntakeRefused.badRequest("case.status: expected SUBMITTED (the departments decide from here), got '" + status + "'");
        }
        return caseJson;
    }

    private String write(JsonNode node) {
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonNode read(String content) {
        try {
            return json.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
