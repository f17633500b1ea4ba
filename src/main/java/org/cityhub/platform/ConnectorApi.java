package org.cityhub.platform;

import java.util.List;
import java.util.NoSuchElementException;

import org.cityhub.control.ConnectorControl;
import org.cityhub.control.ConnectorValidation;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Connector control for operators: state, pause, resume, re-sync (audited), and validation before applying a file. */
@RestController
@RequestMapping(path = "/api/v1/connectors", produces = MediaType.APPLICATION_JSON_VALUE)
class ConnectorApi {

    private final ConnectorControl control;
    private final ConnectorValidation validation;

    private final org.cityhub.security.Access access;

    ConnectorApi(ConnectorControl control, ConnectorValidation validation, org.cityhub.security.Access access) {
        this.access = access;
        this.control = control;
        this.validation = validation;
    }

    record ConnectorList(List<ConnectorControl.Status> items) {
    }

    /** A connector action; the actor is the caller. */
    record ActionRequest(String action, String reason, String watermark) {
    }

    @GetMapping
    ConnectorList list() {
        return new ConnectorList(access.filter(control.all(), ConnectorControl.Status::department));
    }

    @GetMapping("/{department}/{connector}")
    ConnectorControl.Status one(@PathVariable String department, @PathVariable String connector) {
        access.require(department);
        try {
            return control.one(department, connector);
        } catch (NoSuchElementException e) {
            throw ApiProblem.notFound("No such connector", e.getMessage());
        }
    }

    @PostMapping(path = "/{department}/{connector}/actions", consumes = MediaType.APPLICATION_JSON_VALUE)
    ConnectorControl.Status act(@PathVariable String department, @PathVariable String connector,
                                @RequestHeader(name = DepartmentApi.CALLER_HEADER, required = false) String caller,
                                @RequestBody(required = false) ActionRequest body) {
        if (body == null || body.action() == null) {
            throw ApiProblem.badRequest("Bad action", "body: expected {\"action\": pause, resume or resync, \"reason\": why,"
                    + " \"watermark\": for resync}");
        }
        access.require(department);
        try {
            return control.act(department, connector, new ConnectorControl.Request(body.action(),
                    org.cityhub.security.Callers.actor(caller), body.reason(), body.watermark()));
        } catch (NoSuchElementException e) {
            throw ApiProblem.notFound("No such connector", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Bad action", e.getMessage());
        }
    }

    /** Validates a connector file's text (YAML) and its mappings' fixtures; nothing is applied. */
    @PostMapping(path = "/validate", consumes = {"application/yaml", "application/x-yaml", MediaType.TEXT_PLAIN_VALUE})
    ConnectorValidation.Report validate(@RequestParam String department, @RequestBody(required = false) String yaml) {
        access.require(department);
        try {
            return validation.validate(department, yaml);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("Bad parameter", e.getMessage());
        }
    }
}
