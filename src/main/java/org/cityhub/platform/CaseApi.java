package org.cityhub.platform;

import java.util.List;
import java.util.regex.Pattern;

import org.cityhub.caseflow.CaseStatus;
import org.cityhub.caseflow.SupervisionCode;
import org.cityhub.store.CaseStore;
import org.cityhub.store.CaseVersion;
import org.cityhub.store.FeedEntry;
import org.cityhub.store.StoredCase;
import org.cityhub.supervision.SupervisionKeeper;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cases for the city platform: the change feed, one case, one case's history. Case documents are
 * stored as the JSON the platform receives, so the feed writes them through without re-parsing.
 */
@RestController
@RequestMapping(path = "/api/v1/cases", produces = MediaType.APPLICATION_JSON_VALUE)
class CaseApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final Pattern DEPARTMENT = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    private final CaseStore store;
    private final DispatchView dispatch;
    private final SupervisionKeeper supervision;
    private final ObjectMapper json;

    private final org.cityhub.security.Access access;

    CaseApi(CaseStore store, DispatchView dispatch, SupervisionKeeper supervision, ObjectMapper json, org.cityhub.security.Access access) {
        this.access = access;
        this.store = store;
        this.dispatch = dispatch;
        this.supervision = supervision;
        this.json = json;
    }

    @GetMapping
    ResponseEntity<String> feed(@RequestParam(required = false) String after,
                                @RequestParam(required = false) String limit,
                                @RequestParam(required = false) String department,
                                @RequestParam(required = false) String status) {
        long afterSeq = FeedCursor.decode(after);
        int n = parseLimit(limit);
        if (department != null && !DEPARTMENT.matcher(department).matches()) {
            throw ApiProblem.badRequest("Invalid parameter",
                    "department: expected a department code (lowercase letters, digits, '-'; 2-32 characters)");
        }
        if (status != null) {
            try {
                CaseStatus.valueOf(status);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("Invalid parameter", "status: expected one of " + List.of(CaseStatus.values()));
            }
        }
        java.util.Collection<String> departments;
        if (department != null) {
            access.require(department);
            departments = List.of(department);
        } else {
            departments = access.visible().orElse(null);
        }
        List<FeedEntry> entries = store.feedOf(afterSeq, n, departments, status);
        long last = entries.isEmpty() ? afterSeq : entries.get(entries.size() - 1).seq();
        // clients without the personal-data grant get names, id and phone numbers masked
        boolean clear = access.personalData();
        StringBuilder body = new StringBuilder(256 + entries.size() * 1024).append("{\"items\":[");
        for (int i = 0; i < entries.size(); i++) {
            if (i > 0) {
                body.append(',');
            }
            body.append(clear ? entries.get(i).content() : masked(entries.get(i).content()));
        }
        body.append("],\"nextCursor\":\"").append(FeedCursor.encode(last)).append("\"}");
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body.toString());
    }

    /**
     * The case as stored, plus where it stands with each department it was sent to (full fusion) and its
     * supervision light as of now.
     */
    @GetMapping("/{supervisionCode}")
    ResponseEntity<String> one(@PathVariable String supervisionCode) throws JsonProcessingException {
        CaseStore.CaseReading reading = find(supervisionCode);
        StoredCase c = reading.stored();
        ArrayNode sent = reading.dispatched() ? dispatch.of(c.supervisionCode()) : json.createArrayNode();
        ObjectNode doc = (ObjectNode) json.readTree(c.content());
        if (!access.personalData()) {
            org.cityhub.privacy.PersonalData.maskCase(doc);
        }
        if (!sent.isEmpty()) {
            doc.set("dispatch", sent);
        }
        try {
            // as of now, without writing: a read never writes case_light (the keeper keeps it)
            doc.set("supervision", SupervisionApi.view(supervision.current(c, reading.lightClock()), json));
        } catch (RuntimeException e) {
            // the case itself is still served; the supervision keeper logs the same failure when it recomputes it
            LoggerFactory.getLogger(CaseApi.class).warn("case {}: no supervision light: {}", c.supervisionCode(), e.getMessage());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.writeValueAsString(doc));
    }

    @GetMapping("/{supervisionCode}/history")
    ObjectNode history(@PathVariable String supervisionCode) throws JsonProcessingException {
        StoredCase c = find(supervisionCode).stored();
        ObjectNode out = json.createObjectNode();
        out.put("supervisionCode", c.supervisionCode());
        ArrayNode versions = out.putArray("versions");
        for (CaseVersion v : store.history(c.id())) {
            ObjectNode item = versions.addObject();
            item.put("version", v.version());
            item.put("status", v.status());
            item.put("recordedAt", v.recordedAt().toString());
            ObjectNode source = item.putObject("source");
            source.put("connector", v.connector());
            if (v.rawMessageId() != null) {
                source.put("rawMessageId", v.rawMessageId());
                source.put("receivedAt", v.receivedAt().toString());
                source.put("sha256", v.rawSha256());
                if (v.rawPurgedAt() != null) {
                    // past cityhub.retention.raw-messages: the payload is gone, the link and the hash stay
                    source.put("purged", true);
                    source.put("purgedAt", v.rawPurgedAt().toString());
                }
            }
            JsonNode version = json.readTree(v.content());
            if (!access.personalData() && version instanceof ObjectNode o) {
                org.cityhub.privacy.PersonalData.maskCase(o);
            }
            item.set("case", version);
        }
        return out;
    }

    private String masked(String content) {
        try {
            JsonNode doc = json.readTree(content);
            return doc instanceof ObjectNode o ? json.writeValueAsString(org.cityhub.privacy.PersonalData.maskCase(o)) : content;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored case is not readable JSON", e);
        }
    }

    /** Parses the code first: a malformed code is a 400 before any lookup. */
    private CaseStore.CaseReading find(String supervisionCode) {
        SupervisionCode code = SupervisionCode.parse(supervisionCode);
        CaseStore.CaseReading found = store.reading(code.value()).orElseThrow(() -> ApiProblem.notFound("Case not found",
                "no case has supervision code " + code.value()));
        // a case of a department outside the client's scope: 403, in the access log
        access.require(found.stored().department());
        return found;
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw ApiProblem.badRequest("Invalid parameter", "limit: expected a whole number from 1 to " + MAX_LIMIT);
    }
}
