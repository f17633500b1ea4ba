package org.cityhub.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ops capability ({@code cityhub.ops.*}).
 *
 * @param managementAddress the broker's management address; Artemis answers management messages sent to it
 *                          ({@code management-address} in a standalone broker's broker.xml, default
 *                          {@code activemq.management})
 * @param managementTimeout how long to wait for the broker's answer to one management request
 * @param samplePeriod      how often the queue figures behind the {@code cityhub.queue.depth} gauges are read
 * @param replayPageSize    raw messages read and queued per transaction by a raw-archive replay
 * @param actionBatchSize   dead letters moved or removed per broker transaction by one action
 */
@ConfigurationProperties("cityhub.ops")
public record OpsProperties(@DefaultValue("activemq.management") String managementAddress,
                            @DefaultValue("PT5S") Duration managementTimeout,
                            @DefaultValue("PT10S") Duration samplePeriod,
                            @DefaultValue("200") int replayPageSize,
                            @DefaultValue("100") int actionBatchSize) {
}
