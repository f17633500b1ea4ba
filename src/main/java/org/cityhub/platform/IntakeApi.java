package org.cityhub.platform;

import java.net.URI;

import org.cityhub.fusion.Intake;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One-window intake (一窗受理): the city platform hands in a case and names the departments that decide on
 * it; the hub stores it, gives it its supervision code and sends it to all of them at once. 202: taken,
 * the dispatch runs on; the same request again (same Idempotency-Key, same body) answers the same case
 * with its current dispatch states.
 */
@RestController
@RequestMapping(path = "/api/v1/cases", produces = MediaType.APPLICATION_JSON_VALUE)
class IntakeApi {

    private final Intake intake;
    private final DispatchView dispatch;
    private final ObjectMapper json;

    private final org.cityhub.security.Access access;

    IntakeApi(Intake intake, DispatchView dispatch, ObjectMapper json, org.cityhub.security.Access access) {
        this.access = access;
        this.intake = intake;
        this.dispatch = dispatch;
        this.json = json;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ObjectNode> take(@RequestHeader(name = "Idempotency-Key", required = false) String key,
                                    @RequestBody(required = false) String body) {
        // every department named must be within the client's scope
        Intake.Taken taken = intake.take(key, body, access::requireAll);
        ObjectNode answer = json.createObjectNode();
        answer.put("supervisionCode", taken.supervisionCode());
        answer.set("dispatch", dispatch.of(taken.supervisionCode()));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .location(URI.create("/api/v1/cases/" + taken.supervisionCode()))
                .header("Idempotent-Replayed", Boolean.toString(taken.replayed()))
                .body(answer);
    }
}
