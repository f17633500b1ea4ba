package org.cityhub.cluster;

import java.net.InetAddress;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.apache.camel.spi.RouteIdAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Which node polls which source, when several hub nodes share one store: each polling source has a lease row
 * ({@code source_lease}), and only the node holding it polls. The holder renews its leases every third of their
 * time to live; a node that dies stops renewing, its leases run out, and the next renewal round of another node
 * takes them over. Times are the database's, so the nodes' clocks need not agree.
 *
 * <p>A node trusts its lease for the time to live minus a third, counted on its own monotonic clock from before
 * its last renewal was sent: a node stalled past that (a long pause, a lost store) stops polling before another
 * can take the lease over. Were both to poll for a moment anyway, nothing would be stored twice: the raw archive
 * queues a record already queued once only.
 *
 * <p>A source an operator paused (in the store, {@code connector_pause}) is polled by no node: every node checks
 * the pause at each renewal, so a pause taken on one node holds on all within a third of the lease time.
 *
 * <p>Polling routes ask {@link #holds} (the timer templates, through a filter) or use this bean as their poll
 * strategy (the file-drop template). With one node, it holds every lease from the start.
 */
@Component("sourceLeases")
public class SourceLeases implements PollingConsumerPollStrategy, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SourceLeases.class);

    /** A source's lease as the store has it: who holds it and until when (the database's time). */
    public record Lease(String department, String connector, String owner, OffsetDateTime acquiredAt, OffsetDateTime expiresAt) {
    }

    private record Held(String department, String connector, long validUntilNanos) {
    }

    private final JdbcTemplate jdbc;
    private final org.cityhub.store.ConnectorPauses pauses;
    /** The polling sources registered (as opposed to claimed work): an operator's pause in the store stops them on every node. */
    private final java.util.Set<String> polled = ConcurrentHashMap.newKeySet();
    private final String node;
    private final long ttlMillis;
    private final Map<String, String> sourceByRoute = new ConcurrentHashMap<>();
    private final Map<String, Held> sources = new ConcurrentHashMap<>();
    private final ScheduledExecutorService renewer;

    public SourceLeases(JdbcTemplate jdbc, ClusterProperties props, org.cityhub.store.ConnectorPauses pauses) {
        this.jdbc = jdbc;
        this.pauses = pauses;
        this.node = props.nodeId() == null || props.nodeId().isBlank() ? generatedName() : props.nodeId().strip();
        this.ttlMillis = props.leaseTtl().toMillis();
        this.renewer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cityhub-source-leases");
            t.setDaemon(true);
            return t;
        });
        renewer.scheduleWithFixedDelay(this::renewAll, ttlMillis / 3, ttlMillis / 3, TimeUnit.MILLISECONDS);
        log.info("cluster: this node is '{}'; a source's lease lasts {} s", node, ttlMillis / 1000.0);
    }

    private static String generatedName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "hub";
        }
        byte[] suffix = new byte[3];
        ThreadLocalRandom.current().nextBytes(suffix);
        String name = host + "-" + HexFormat.of().formatHex(suffix);
        return name.length() > 128 ? name.substring(name.length() - 128) : name;
    }

    /** This node's name in the leases. */
    public String node() {
        return node;
    }

    /** A polling source of this node: its lease is taken now if free, and renewed from then on. */
    public void register(String department, String connector, String routeId) {
        sourceByRoute.put(routeId, department + "/" + connector);
        polled.add(department + "/" + connector);
        sources.put(department + "/" + connector, new Held(department, connector, 0));
        renew(department, connector);
    }

    /**
     * Claims a piece of work that one node must do at a time (e.g. a department's migration, {@code work} =
     * {@code "~migration"}): renewed like a source's lease until {@link #release}d.
     *
     * @return whether this node holds it now
     */
    public boolean claim(String department, String work) {
        sources.putIfAbsent(department + "/" + work, new Held(department, work, 0));
        renew(department, work);
        return holds(department, work);
    }

    /** Gives a claimed piece of work up: no longer renewed, and free for any node at once. */
    public void release(String department, String work) {
        sources.remove(department + "/" + work);
        try {
            OffsetDateTime now = jdbc.queryForObject("select current_timestamp", OffsetDateTime.class);
            jdbc.update("update source_lease set expires_at = ? where department = ? and connector = ? and owner = ?",
                    now.minusSeconds(1), department, work, node);
        } catch (DataAccessException e) {
            log.debug("cluster: could not give {}/{} up ({}); it runs out by itself", department, work, e.getMessage());
        }
    }

    /** Renews (or takes, or drops for a pause) the source's lease now rather than at the next round. */
    public void refresh(String department, String connector) {
        if (sources.containsKey(department + "/" + connector)) {
            renew(department, connector);
        }
    }

    /** Whether the source is a polling source of this node (one whose polling a lease decides). */
    public boolean registered(String department, String connector) {
        return polled.contains(department + "/" + connector);
    }

    /** Whether this node holds the source's lease now, and so should poll it. */
    public boolean holds(String department, String connector) {
        Held h = sources.get(department + "/" + connector);
        return h != null && h.validUntilNanos() - System.nanoTime() > 0;
    }

    /** Every source's lease in the store. */
    public List<Lease> leases() {
        return jdbc.query("select department, connector, owner, acquired_at, expires_at from source_lease order by department, connector",
                (rs, i) -> new Lease(rs.getString(1), rs.getString(2), rs.getString(3), rs.getObject(4, OffsetDateTime.class),
                        rs.getObject(5, OffsetDateTime.class)));
    }

    void renewAll() {
        for (Held h : sources.values()) {
            renew(h.department(), h.connector());
        }
    }

    private void renew(String department, String connector) {
        String key = department + "/" + connector;
        long sentAt = System.nanoTime();
        boolean held;
        try {
            if (polled.contains(key) && pauses.find(department, connector).isPresent()) {
                // paused by an operator (on any node): no node polls it until it is resumed
                Held before = sources.get(key);
                if (before != null) {
                    sources.put(key, new Held(department, connector, 0));
                }
                return;
            }
            OffsetDateTime now = jdbc.queryForObject("select current_timestamp", OffsetDateTime.class);
            OffsetDateTime until = now.plusNanos(ttlMillis * 1_000_000);
            int taken = jdbc.update("update source_lease set acquired_at = case when owner = ? then acquired_at else ? end,"
                            + " owner = ?, expires_at = ? where department = ? and connector = ? and (owner = ? or expires_at < ?)",
                    node, now, node, until, department, connector, node, now);
            if (taken == 0) {
                try {
                    taken = jdbc.update("insert into source_lease (department, connector, owner, acquired_at, expires_at)"
                            + " values (?,?,?,?,?)", department, connector, node, now, until);
                } catch (DuplicateKeyException e) {
                    taken = 0; // another node holds it
                }
            }
            held = taken == 1;
        } catch (DataAccessException e) {
            // the store is out of reach: the lease cannot be renewed, so it must not be trusted past its time
            log.debug("cluster: cannot renew the lease of {}: {}", key, e.getMessage());
            return;
        }
        Held before = sources.get(key);
        if (before == null) {
            return; // unregistered meanwhile
        }
        boolean had = holds(department, connector);
        long validUntil = held ? sentAt + (ttlMillis - ttlMillis / 3) * 1_000_000 : 0;
        sources.put(key, new Held(department, connector, validUntil));
        if (held && !had) {
            log.info("cluster: node '{}' polls {} now", node, key);
        } else if (!held && had) {
            log.warn("cluster: node '{}' lost the lease of {} to another node; it stops polling it", node, key);
        }
    }

    /** Gives this node's leases up (they run out at once), so that another node takes its sources over without waiting. */
    public void releaseAll() {
        try {
            OffsetDateTime now = jdbc.queryForObject("select current_timestamp", OffsetDateTime.class);
            int released = jdbc.update("update source_lease set expires_at = ? where owner = ?", now.minusSeconds(1), node);
            if (released > 0) {
                log.info("cluster: node '{}' gave up {} source lease(s)", node, released);
            }
        } catch (DataAccessException e) {
            log.info("cluster: could not give the leases up ({}); they run out by themselves", e.getMessage());
        }
        sources.replaceAll((k, h) -> new Held(h.department(), h.connector(), 0));
    }

    /** Stops renewing without giving anything up: what a node that dies does (tests). */
    void stopRenewing() {
        renewer.shutdownNow();
    }

    @Override
    public void destroy() {
        renewer.shutdownNow();
        releaseAll();
    }

    // ------------------------------------------------------------------ poll strategy of the file-drop template

    @Override
    public boolean begin(Consumer consumer, Endpoint endpoint) {
        String routeId = consumer instanceof RouteIdAware r ? r.getRouteId() : null;
        String key = routeId == null ? null : sourceByRoute.get(routeId);
        if (key == null) {
            return true; // not a registered source: nothing to coordinate
        }
        Held h = sources.get(key);
        return h != null && holds(h.department(), h.connector());
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
        // nothing to do
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        log.warn("{}: the poll failed ({}); next poll as scheduled", endpoint.getEndpointBaseUri(), cause.getMessage());
        return false;
    }
}
