package org.cityhub.platform;

import java.util.List;
import java.util.regex.Pattern;

import org.cityhub.callout.CalloutOutcome;
import org.cityhub.callout.Callouts;
import org.cityhub.store.CalloutAudit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Call-outs for the platform: a department operation called synchronously with a JSON body, the list of
 * operations, and the audit log of calls. Every failure is a problem detail whose {@code outcome} says
 * which (TIMEOUT, BREAKER_OPEN, ...), with {@code Retry-After} on 503.
 */
@RestController
@RequestMapping(path = "/api/v1/callouts")
class CalloutApi {

    /** The user a trusted machine client (the platform) names as acting; see {@link org.cityhub.security.Callers}. */
    static final String CALLER_HEADER = org.cityhub.security.Callers.ON_BEHALF_HEADER;
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{0,47}");

    private final Callouts callouts;
    private final CalloutAudit audit;
    private final ObjectMapper json;

    private final org.cityhub.security.Access access;

    CalloutApi(Callouts callouts, CalloutAudit audit, ObjectMapper json, org.cityhub.security.Access access) {
        this.access = access;
        this.callouts = callouts;
        this.audit = audit;
        this.json = json;
    }

    @PostMapping(path = "/{department}/{operation}", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    ResponseEntity<?> call(@PathVariable String department, @PathVariable String operation,
                           @RequestBody(required = false) String body,
                           @RequestHeader(name = CALLER_HEADER, required = false) String callerHeader) {
        access.require(department);
        Callouts.Result r;
        try {
            r = callouts.call(department, operation, body, org.cityhub.security.Callers.actor(callerHeader));
        } catch (Callouts.NotCallable e) {
            throw ApiProblem.notFound("Call-out not found", e.getMessage());
        }
        if (r.outcome() == CalloutOutcome.OK) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(r.answer());
        }
        HttpStatus status = HttpStatus.valueOf(r.outcome().httpStatus());
        ProblemDetail pd = ProblemHandler.problem(status, title(r.outcome()), r.detail());
        pd.setProperty("outcome", r.outcome().name());
        if (r.fieldPath() != null) {
            pd.setProperty("fieldPath", r.fieldPath());
        }
        ResponseEntity.BodyBuilder answer = ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (r.retryAfterSeconds() > 0) {
            answer.header(HttpHeaders.RETRY_AFTER, String.valueOf(r.retryAfterSeconds()));
        }
        return answer.body(pd);
    }

    private static String title(CalloutOutcome outcome) {
        return switch (outcome) {
            case BAD_REQUEST -> "Invalid call-out request";
            case TIMEOUT -> "Department timed out";
            case BREAKER_OPEN -> "Department circuit open";
            case REJECTED -> "Too many concurrent calls";
            case UNAVAILABLE -> "Department unavailable";
            case FAULT -> "Department fault";
            case OK -> "OK";
        };
    }

    record OperationList(List<Callouts.OperationView> items) {
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    OperationList operations() {
        return new OperationList(access.filter(callouts.operations(), Callouts.OperationView::department));
    }

    /** One audited call as the API shows it; bodies only where the operation allows keeping them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AuditView(long id, String calledAt, String caller, String department, String operation, long durationMillis,
                     String outcome, int httpStatus, String detail, JsonNode request, JsonNode response) {
    }

    record AuditList(List<AuditView> items) {
    }

    @GetMapping(path = "/audit", produces = MediaType.APPLICATION_JSON_VALUE)
    AuditList audit(@RequestParam(required = false) String department, @RequestParam(required = false) String operation,
                    @RequestParam(required = false) String limit) {
        if (department != null && !CODE.matcher(department).matches()) {
            throw ApiProblem.badRequest("Invalid parameter", "department: expected a department code (lowercase letters, digits, '-')");
        }
        if (operation != null && !CODE.matcher(operation).matches()) {
            throw ApiProblem.badRequest("Invalid parameter", "operation: expected an operation name (lowercase letters, digits, '-')");
        }
        int n = DEFAULT_LIMIT;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > MAX_LIMIT) {
                throw ApiProblem.badRequest("Invalid parameter", "limit: expected a whole number from 1 to " + MAX_LIMIT);
            }
        }
        if (department != null) {
            access.require(department);
        }
        return new AuditList(access.filter(audit.recent(department, operation, n), e -> e.department()).stream()
                .map(e -> new AuditView(e.id(), e.calledAt().toString(), e.caller(), e.department(), e.operation(), e.durationMillis(),
                        e.outcome(), e.httpStatus(), e.detail(), body(e.requestBody()), body(e.responseBody())))
                .toList());
    }

    /** A kept body as JSON; a body that was not JSON (a refused one) as the text it was. */
    private JsonNode body(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return TextNode.valueOf(text);
        }
    }
}
