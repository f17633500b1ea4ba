package org.cityhub.config;

import java.time.Clock;

import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.cityhub.mapping.CaseSchema;
import org.cityhub.mapping.MappingCatalog;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jms.core.JmsTemplate;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.jms.ConnectionFactory;

/** The beans the capabilities share: clock, case schema, mapping catalog, broker settings. */
@Configuration(proxyBeanMethods = false)
class HubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemDefaultZone();
    }

    @Bean
    CaseSchema caseSchema(ObjectMapper json) {
        return CaseSchema.load(json);
    }

    @Bean
    MappingCatalog mappingCatalog(HubProperties props, CaseSchema schema, ObjectMapper json) {
        return new MappingCatalog(props.mappingsDir(), schema, json);
    }

    /** Sends in local broker transactions: a page of records is queued all or nothing. */
    @Bean
    JmsTemplate transactedJmsTemplate(ConnectionFactory connectionFactory) {
        JmsTemplate t = new JmsTemplate(connectionFactory);
        t.setSessionTransacted(true);
        return t;
    }

    /**
     * Redelivery with back-off on the inbound queues (a failed store write is retried, other messages
     * pass meanwhile), the ingest's own back-off ({@code cityhub.ingest.retry-delay}, doubling up to
     * {@code max-retry-delay}); the ingest dead-letters a message with its reason after
     * {@code cityhub.ingest.max-attempts}. The broker's own dead-letter address, 5 deliveries later, is only a
     * backstop should the hub itself fail to. (A standalone broker carries these settings in its broker.xml.)
     */
    @Bean
    ArtemisConfigurationCustomizer brokerSettings(HubProperties props) {
        HubProperties.Ingest ingest = props.ingest();
        return config -> {
            config.addAddressSetting("hub.inbound.#", new AddressSettings()
                    // a record's versions go in one message group (RecordIntake), so that parallel consumers keep
                    // their order; hashing groups into a fixed number of buckets keeps the broker's group table
                    // bounded however many records a department ever sends
                    .setDefaultGroupBuckets(64)
                    .setRedeliveryDelay(ingest.retryDelay().toMillis())
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(ingest.maxRetryDelay().toMillis())
                    .setMaxDeliveryAttempts(ingest.maxAttempts() + 5)
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("hub.dlq.broker"))
                    .setAutoCreateDeadLetterResources(true));
            // dispatch to departments: the same back-off while a department system is down
            config.addAddressSetting("hub.outbound.#", new AddressSettings()
                    .setRedeliveryDelay(1000)
                    .setRedeliveryMultiplier(2.0)
                    .setMaxRedeliveryDelay(60_000)
                    .setMaxDeliveryAttempts(15)
                    .setDeadLetterAddress(org.apache.activemq.artemis.api.core.SimpleString.of("hub.dlq.broker"))
                    .setAutoCreateDeadLetterResources(true));
        };
    }
}
