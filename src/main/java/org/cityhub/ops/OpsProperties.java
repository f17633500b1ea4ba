package org.cityhub.ops;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the ops capability ({@code cityhub.ops.*}).
 *
 * @param samplePeriod      how often the queue figures behind the {@code cityhub.queue.depth} gauges are read
 * @param replayPageSize    raw messages read and queued per transaction by a raw-archive replay
 * @param actionBatchSize   dead letters moved or removed per broker transaction by one action
 * @param historySamples    sampler passes kept in memory for the console's throughput chart (90 at the default
 *                          period: the last 15 minutes); a restart starts the chart afresh, Prometheus keeps the long view
 */
@ConfigurationProperties("cityhub.ops")
public record OpsProperties(@DefaultValue("PT10S") Duration samplePeriod,
                            @DefaultValue("200") int replayPageSize,
                            @DefaultValue("100") int actionBatchSize,
                            @DefaultValue("90") int historySamples) {
}
