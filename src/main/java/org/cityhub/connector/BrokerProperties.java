package org.cityhub.connector;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the hub reads the broker's own figures ({@code cityhub.broker.*}), for the embedded and a standalone broker alike.
 *
 * @param managementAddress the broker's management address: Artemis answers management messages sent to it
 *                          ({@code management-address} in a standalone broker's broker.xml; default
 *                          {@code activemq.management}). The hub's broker user needs the {@code manage} permission on it.
 * @param managementTimeout how long to wait for the broker's answer to one management request
 */
@ConfigurationProperties("cityhub.broker")
public record BrokerProperties(@DefaultValue("activemq.management") String managementAddress,
                               @DefaultValue("PT5S") Duration managementTimeout) {
}
