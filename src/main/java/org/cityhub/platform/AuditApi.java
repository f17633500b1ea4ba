package org.cityhub.platform;

import java.util.List;

import org.cityhub.security.Access;
import org.cityhub.store.AccessLog;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The access log for auditors: who did or read what, when, from where, with what answer (every change, case
 * read, call-out and refusal). Newest first; page back with {@code before=<id>}.
 */
@RestController
@RequestMapping(path = "/api/v1/audit", produces = MediaType.APPLICATION_JSON_VALUE)
class AuditApi {

    private static final java.util.Set<String> OUTCOMES = java.util.Set.of("ALLOWED", "DENIED", "UNAUTHENTICATED", "FAILED");

    private final AccessLog log;
    private final Access access;

    AuditApi(AccessLog log, Access access) {
        this.log = log;
        this.access = access;
    }

    record AuditPage(List<AccessLog.Entry> items, Long next) {
    }

    @GetMapping
    AuditPage list(@RequestParam(required = false) String client, @RequestParam(required = false) String department,
                   @RequestParam(required = false) String outcome, @RequestParam(required = false) String before,
                   @RequestParam(defaultValue = "100") String limit) {
        if (client != null && !org.cityhub.security.ClientDirectory.isClientId(client)) {
            throw ApiProblem.badRequest("Invalid parameter", "client: expected a client id (letters, digits, '.', '_', '-')");
        }
        if (outcome != null && !OUTCOMES.contains(outcome)) {
            throw ApiProblem.badRequest("Invalid parameter", "outcome: expected one of " + OUTCOMES.stream().sorted().toList());
        }
        if (department != null) {
            access.require(department);
        }
        Long beforeId = null;
        if (before != null) {
            try {
                beforeId = Long.parseLong(before);
            } catch (NumberFormatException e) {
                throw ApiProblem.badRequest("Invalid parameter", "before: expected an entry id (a whole number), got '" + before + "'");
            }
        }
        int n;
        try {
            n = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 1 || n > 1000) {
            throw ApiProblem.badRequest("Invalid parameter", "limit: expected 1 to 1000, got '" + limit + "'");
        }
        List<AccessLog.Entry> items = log.query(client, department, outcome, beforeId, n, access.visible().orElse(null));
        return new AuditPage(items, items.size() == n ? items.get(items.size() - 1).id() : null);
    }
}
