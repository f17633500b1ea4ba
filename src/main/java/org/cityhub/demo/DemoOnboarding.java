package org.cityhub.demo;

import java.nio.file.Path;

import org.cityhub.config.HubProperties;
import org.cityhub.connector.ConnectorFile;
import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.onboarding.ActionRefused;
import org.cityhub.onboarding.Lifecycle;
import org.cityhub.onboarding.Onboarding;
import org.cityhub.store.DepartmentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The onboarding side of the demo: the agricultural-machinery bureau's legacy system to be retired,
 * seeded with its history, and the admin actions a newcomer would otherwise take by hand, taken once
 * as the actor {@value #ACTOR} (they show in each department's audit trail): every demo department of
 * mode fusion or callout is activated, and the agricultural-machinery bureau's migration is started.
 * Verifying and retiring it are left to the newcomer (README).
 */
@Component
@ConditionalOnProperty(name = "cityhub.demo.enabled", havingValue = "true", matchIfMissing = true)
class DemoOnboarding implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DemoOnboarding.class);

    /** Who the demo's admin actions are recorded as. */
    static final String ACTOR = "demo";
    /** Cases in the agricultural-machinery bureau's history. */
    static final int AGRI_HISTORY = 2400;

    private final HikariDataSource agriDb;
    private final Onboarding onboarding;
    private final DepartmentStore departments;
    private final ConnectorRegistry registry;

    DemoOnboarding(HubProperties props, Onboarding onboarding, DepartmentStore departments, ConnectorRegistry registry) {
        this.onboarding = onboarding;
        this.departments = departments;
        this.registry = registry;
        // the same URL as connectors/agri.yaml
        this.agriDb = DemoDatabases.open(props.dataPath(), "agri-legacy", ";MODE=MySQL", 1);
        Path file = props.dataPath().resolve("demo").resolve("agri-legacy");
        AgriculturalMachineryLegacyDb.createSchema(agriDb);
        AgriculturalMachineryLegacyDb agri = new AgriculturalMachineryLegacyDb(agriDb, new java.util.Random(2009));
        if (agri.isEmpty()) {
            agri.seed(AGRI_HISTORY);
            log.info("demo: agricultural-machinery bureau's legacy system seeded with {} historical cases at {}", AGRI_HISTORY, file);
        }
    }

    /** Once the connectors run: the demo's first admin actions, each only where it has not been taken yet. */
    @EventListener(ApplicationReadyEvent.class)
    void firstActions() {
        for (ConnectorFile file : registry.activeDepartments()) {
            DepartmentStore.Department d = departments.find(file.department().code()).orElse(null);
            if (!file.demo() || d == null || !Lifecycle.ONBOARDING.name().equals(d.lifecycle())) {
                continue;
            }
            String action = switch (d.mode()) {
                case "retire" -> "start-migration";
                default -> "activate";
            };
            try {
                onboarding.act(d.code(), new Onboarding.Request(action, ACTOR,
                        "embedded demo: taken at start-up so that every mode shows at once", false));
            } catch (ActionRefused e) {
                log.warn("demo: {} of {} refused: {}", action, d.code(), e.getMessage());
            }
        }
    }

    @Override
    public void destroy() {
        agriDb.close();
    }
}
