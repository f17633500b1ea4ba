package org.cityhub.cluster;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * This node among several sharing one store and one broker ({@code cityhub.cluster.*}).
 *
 * @param nodeId   this node's name in the source leases ({@code CITYHUB_NODE_ID}); empty: the host name and a
 *                 random suffix, new at every start. A stable name lets a restarted node take its sources back
 *                 at once instead of after their leases run out; two nodes must never share one
 * @param leaseTtl how long a source's lease lasts without renewal (default 15 s): the holder renews it every third
 *                 of that, and another node takes a dead node's sources over after at most this plus a third
 */
@ConfigurationProperties("cityhub.cluster")
public record ClusterProperties(@DefaultValue("") String nodeId, @DefaultValue("PT15S") Duration leaseTtl) {

    public ClusterProperties {
        if (leaseTtl.compareTo(Duration.ofSeconds(3)) < 0) {
            throw new IllegalArgumentException("cityhub.cluster.lease-ttl: expected 3 s or more, got " + leaseTtl);
        }
        if (nodeId != null && nodeId.length() > 128) {
            throw new IllegalArgumentException("cityhub.cluster.node-id: expected at most 128 characters, got " + nodeId.length());
        }
    }
}
