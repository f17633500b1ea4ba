package org.cityhub.connector;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Starts the departments' routes once the store, the broker and Camel are up. */
@Component
@Order(10)
class ConnectorStarter implements ApplicationRunner {

    private final ConnectorRegistry registry;

    ConnectorStarter(ConnectorRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        registry.start();
    }
}
