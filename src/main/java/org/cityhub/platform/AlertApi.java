package org.cityhub.platform;

import java.util.List;

import org.cityhub.store.Alerts;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Alerts raised by the hub for operators, most recent first. */
@RestController
@RequestMapping(path = "/api/v1/alerts", produces = MediaType.APPLICATION_JSON_VALUE)
class AlertApi {

    private final Alerts alerts;

    private final org.cityhub.security.Access access;

    AlertApi(Alerts alerts, org.cityhub.security.Access access) {
        this.access = access;
        this.alerts = alerts;
    }

    record AlertList(List<Alerts.Alert> items) {
    }

    @GetMapping
    AlertList list(@RequestParam(required = false) String department, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("Bad parameter", "limit: expected 1 to 1000, got " + limit);
        }
        if (department != null) {
            access.require(department);
        }
        return new AlertList(access.filter(alerts.recent(department, limit), Alerts.Alert::department));
    }
}
