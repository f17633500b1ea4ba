package org.cityhub.connector;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health of the routes: UP only when Camel runs and every route of every active department is
 * started (routes an operator paused are listed as Paused and do not count). Rejected connector files are listed but do not take the hub down: the other departments
 * still flow, and the file's reason is shown here and in {@code /api/v1/departments}.
 */
@Component("routes")
class ConnectorHealthIndicator extends AbstractHealthIndicator {

    private final CamelContext camel;
    private final ConnectorRegistry registry;

    ConnectorHealthIndicator(CamelContext camel, ConnectorRegistry registry) {
        super("routes health check failed");
        this.camel = camel;
        this.registry = registry;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, String> routes = new LinkedHashMap<>();
        boolean up = camel.isStarted();
        for (String id : registry.routeIds()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            if (registry.isPaused(id)) {
                // stopped on purpose by an operator: shown, not counted as down
                routes.put(id, "Paused");
                continue;
            }
            routes.put(id, status == null ? "Missing" : status.name());
            up &= status != null && status.isStarted();
        }
        builder.status(up ? "UP" : "DOWN").withDetail("camel", camel.getStatus().name()).withDetail("routes", routes);
        registry.invalidFiles().forEach(i -> builder.withDetail("invalid:" + i.departmentCode(), i.summary()));
    }
}
