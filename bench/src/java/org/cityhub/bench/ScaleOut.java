package org.cityhub.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.cityhub.demo.LandBureauLegacyDb;
import org.cityhub.support.HubHome;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.StandaloneArtemis;
import org.cityhub.support.ThrowAwayDatabase;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Benchmark 6, scale-out (issue 8): the ingest throughput of ONE hub node against TWO hub nodes sharing one
 * PostgreSQL store and one standalone Artemis broker, the same rows, back to back in one round.
 *
 * <p>Two nodes can only share work that can be shared: a source is polled by the one node holding its lease, so
 * the land bureau's rows are split over {@value #SOURCES} front tables, each a department of its own
 * ({@code land1}...{@code land4}, all with the land mapping). The hub does not balance leases (the first node up
 * takes every free source), so the second node is given half of the sources the way an operator moves one: the
 * source is paused, its lease runs out, and it is resumed through the second node, which takes the lease at once.
 * Both nodes consume every department's inbound queue. Each case gets a fresh store database and a fresh broker.
 *
 * <p>On this machine both nodes, the broker, both databases and the driver share the same 2 cores: the ratio
 * says what a second process on the same cores buys, not what a second machine would.
 */
final class ScaleOut {

    /** Front tables (departments, polled sources) the rows are split over. */
    static final int SOURCES = 4;

    private final Bench.Config config;
    private final Bench.Results results;
    private final Consumer<String> out;
    private final ThrowAwayDatabase legacy;
    private final HikariDataSource legacyDs;

    ScaleOut(Bench.Config config, Bench.Results results, Consumer<String> out, ThrowAwayDatabase legacy, HikariDataSource legacyDs) {
        this.config = config;
        this.results = results;
        this.out = out;
        this.legacy = legacy;
        this.legacyDs = legacyDs;
    }

    /** One round: one node, then two, on the rows of the seeded staging table (BENCH_SEED). */
    void round(int round) throws Exception {
        createTables();
        double one = ingest(round, 1);
        double two = ingest(round, 2);
        results.stats("scaleout.one").add(one);
        results.stats("scaleout.two").add(two);
        results.stats("scaleout.ratio").add(two / one);
        out.accept("round " + round + ": scale-out two nodes / one = " + Bench.fmt(two / one));
    }

    private static String table(int source) {
        return LandBureauLegacyDb.TABLE + "_" + source;
    }

    private static String department(int source) {
        return "land" + source;
    }

    private void createTables() throws Exception {
        try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
            for (int s = 1; s <= SOURCES; s++) {
                st.execute("create table if not exists " + table(s) + " like " + LandBureauLegacyDb.TABLE);
                st.execute("truncate table " + table(s));
            }
        }
    }

    /** The rows in, one commit for all front tables; returns cases stored per second until the last one. */
    private double ingest(int round, int nodes) throws Exception {
        int n = config.ingestRows();
        String label = nodes == 1 ? "one" : "two";
        createTables();
        try (ThrowAwayDatabase store = ThrowAwayDatabase.postgres("benchscale");
             StandaloneArtemis broker = StandaloneArtemis.start(HubProcesses.INBOUND_SETTINGS);
             AutoCloseable analyze = Bench.analyzer(store)) {
            HubHome home = home();
            Path work = Files.createTempDirectory(config.workDir().toAbsolutePath(), "scale-" + round + "-" + label + "-");
            List<Hub> hubs = new ArrayList<>();
            try {
                for (int i = 0; i < nodes; i++) {
                    String node = "node-" + (char) ('a' + i);
                    // the default lease (15 s), not the tests' short one: a short lease on loaded cores lapses between renewals
                    List<String> args = new ArrayList<>(HubProcesses.args(store.url(), store, broker, home, work.resolve(node), node));
                    args.removeIf(a -> a.startsWith("--cityhub.cluster.lease-ttl="));
                    List<String> jvm = ImageForm.read(Path.of("")).ownHeap("-Xmx768m");
                    Hub hub = Hub.start(config.jar(), jvm, args, work.resolve(node + ".log"));
                    hubs.add(hub);
                    hub.awaitReady(Duration.ofMinutes(3));
                }
                awaitLeases(store, "node-a", SOURCES);
                if (nodes == 2) {
                    List<String> half = new ArrayList<>();
                    for (int s = SOURCES / 2 + 1; s <= SOURCES; s++) {
                        half.add(department(s));
                    }
                    move(store, hubs.get(1), half, "node-b");
                }
                results.count("scaleout." + label + ".nodesPolling", HubProcesses.count(store,
                        "select count(distinct owner) from source_lease where connector = 'cases' and expires_at > current_timestamp"));

                Instant t0;
                try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
                    c.setAutoCommit(false);
                    for (int s = 1; s <= SOURCES; s++) {
                        // the same split every round and case: by a hash of the row's key
                        st.execute("insert into " + table(s) + " select * from BENCH_SEED where crc32(ROW_GUID) % " + SOURCES
                                + " = " + (s - 1));
                    }
                    c.commit();
                    t0 = Instant.now();
                }
                long stored = awaitStored(round, label, store, n);
                double seconds = Bench.secondsToLastVersion(store, "", t0);
                double rate = stored / seconds;
                results.count("scaleout." + label + ".casesStored", stored);
                results.count("scaleout." + label + ".versionsStored", HubProcesses.count(store, "select count(*) from case_version"));
                out.accept("round " + round + ": scale-out, " + nodes + " node(s): " + stored + "/" + n + " cases in " + Bench.fmt(seconds)
                        + " s = " + Bench.fmt(rate) + " cases/s");
                return rate;
            } finally {
                for (Hub h : hubs) {
                    h.close();
                }
            }
        }
    }

    /** The {@value #SOURCES} departments, each polling its own front table, pages of 500 every 500 ms as in benchmark 1. */
    private HubHome home() throws Exception {
        HubHome home = HubHome.create();
        for (int s = 1; s <= SOURCES; s++) {
            home.connector(department(s), HubProcesses.landConnector(department(s), legacy.url(), table(s), 500, 500));
        }
        return home;
    }

    /** Waits until {@code node} holds the leases of all {@code sources} sources (the first node up takes them all). */
    private static void awaitLeases(ThrowAwayDatabase store, String node, int sources) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String held = "select count(*) from source_lease where owner = '" + node + "' and connector = 'cases'"
                + " and expires_at > current_timestamp";
        while (HubProcesses.count(store, held) < sources) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node + " does not hold the " + sources + " source leases within 60 s");
            }
            Thread.sleep(200);
        }
    }

    /**
     * Moves the sources' polling to {@code to} as an operator would: paused (no node polls them), their leases left to
     * run out, resumed through {@code to}, which takes each lease at once. A source whose freed lease the old holder's
     * renewal round took first is moved again.
     */
    private static void move(ThrowAwayDatabase store, Hub to, List<String> departments, String node) throws Exception {
        List<String> left = new ArrayList<>(departments);
        for (int attempt = 1; attempt <= 5 && !left.isEmpty(); attempt++) {
            for (String d : left) {
                to.post(actions(d), "{\"action\": \"pause\", \"reason\": \"scale-out benchmark: polled by " + node + "\"}");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            for (String d : left) {
                while (owner(store, d) != null) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(d + ": its lease did not run out within 120 s of the pause");
                    }
                    Thread.sleep(200);
                }
            }
            for (String d : left) {
                to.post(actions(d), "{\"action\": \"resume\", \"reason\": \"scale-out benchmark: polled by " + node + "\"}");
            }
            List<String> moved = new ArrayList<>();
            for (String d : left) {
                if (node.equals(owner(store, d))) {
                    moved.add(d);
                }
            }
            left.removeAll(moved);
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException(left + ": " + node + " did not get their leases in 5 tries");
        }
    }

    private static String actions(String department) {
        return "/api/v1/connectors/" + department + "/cases/actions";
    }

    /** The node holding the department's lease, null once it ran out. */
    private static String owner(ThrowAwayDatabase store, String department) throws Exception {
        try (Connection c = store.connect(); PreparedStatement ps = c.prepareStatement("select owner from source_lease where department = ?"
                + " and connector = 'cases' and expires_at > current_timestamp")) {
            ps.setString(1, department);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private long awaitStored(int round, String label, ThrowAwayDatabase store, int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(120, n / 50)).toNanos();
        long stored = 0;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() < deadline) {
            // by the highest id, the exact count only once it says done (Bench.highestId)
            long storedUpTo = Bench.highestId(store, "exchange_case", "");
            if (storedUpTo >= n && (stored = HubProcesses.count(store, "select count(*) from exchange_case")) >= n) {
                break;
            }
            if (System.nanoTime() - lastProgress > 5_000_000_000L) {
                lastProgress = System.nanoTime();
                out.accept("round " + round + ": scale-out " + label + ": archived up to id "
                        + Bench.highestId(store, "raw_message", "") + ", stored up to id " + storedUpTo);
            }
            Thread.sleep(200);
        }
        return HubProcesses.count(store, "select count(*) from exchange_case");
    }
}
