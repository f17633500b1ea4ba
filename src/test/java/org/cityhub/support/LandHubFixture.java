package org.cityhub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import org.cityhub.bench.Hub;
import org.cityhub.demo.LandBureauLegacyDb;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.zaxxer.hikari.HikariDataSource;

/**
 * For the process-level reliability tests: the land bureau's legacy MariaDB front table as the department, a
 * PostgreSQL store and a hub home, thrown away at the end; hub processes started on them; and the checks that
 * every row the bureau wrote is stored exactly once and nothing was dead-lettered.
 */
public final class LandHubFixture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LandHubFixture.class);

    public final ThrowAwayDatabase legacy;
    public final ThrowAwayDatabase store;
    public final HubHome home;
    public final Path work;
    private final HikariDataSource legacyDs = new HikariDataSource();
    private final LandBureauLegacyDb bureau;
    private final List<Hub> hubs = new ArrayList<>();
    private volatile long written;

    /** The hub reads the front table at its own URL. */
    public LandHubFixture(String purpose, int pageSize, int period) throws Exception {
        this(purpose, pageSize, period, UnaryOperator.identity());
    }

    /**
     * @param purpose     names the throw-away databases and the work directory
     * @param hubLegacyUrl the front table's JDBC URL as the hub's connector reaches it, from its real one (e.g. a
     *                     proxy's port put in)
     */
    public LandHubFixture(String purpose, int pageSize, int period, UnaryOperator<String> hubLegacyUrl) throws Exception {
        legacy = ThrowAwayDatabase.mariadb(purpose + "legacy");
        store = ThrowAwayDatabase.postgres(purpose);
        legacyDs.setJdbcUrl(legacy.url());
        legacyDs.setUsername(legacy.user());
        legacyDs.setMaximumPoolSize(2);
        LandBureauLegacyDb.createSchema(legacyDs);
        bureau = new LandBureauLegacyDb(legacyDs, new Random(23), Clock.systemDefaultZone());
        home = HubProcesses.landHome(hubLegacyUrl.apply(legacy.url()), pageSize, period);
        work = Files.createTempDirectory("cityhub-" + purpose);
    }

    /** A hub process with {@code args}, logging to {@code <name>.log} in the work directory, once it is ready. */
    public Hub start(List<String> args, String name) throws Exception {
        Hub hub = Hub.start(null, List.of("-Xmx768m"), args, work.resolve(name + ".log"));
        hubs.add(hub);
        hub.awaitReady(Duration.ofMinutes(3));
        return hub;
    }

    /**
     * The bureau's {@code rows} history appears in one commit, as after a bulk sync of its front table. (Their sync
     * times span the bureau's history: rows committed later with sync times older than the hub's watermark by more
     * than the source's overlap would be, rightly, outside what the hub reads.)
     */
    public void seed(int rows) {
        written += bureau.seed(rows);
    }

    /** The bureau's clerks register {@code cases} new cases now (one commit, sync time now). */
    public void register(int cases) {
        written += bureau.advance(cases, 0);
    }

    /** Rows the bureau has written so far, each a new case. */
    public long written() {
        return written;
    }

    public long cases() throws Exception {
        return HubProcesses.count(store, "select count(*) from exchange_case");
    }

    /**
     * Waits until every row written is stored, then checks it is stored exactly once: one case, one version and one
     * raw message per row, and the watermark at the last row.
     */
    public void awaitAllExactlyOnce(Duration within) throws Exception {
        long rows = written;
        long[] lastLog = {System.nanoTime()};
        await().atMost(within).pollInterval(Duration.ofSeconds(1)).until(() -> {
            long cases = cases();
            if (System.nanoTime() - lastLog[0] > 10_000_000_000L) {
                lastLog[0] = System.nanoTime();
                log.info("{} of {} cases stored; raw messages {}, of them not queued {}", cases, rows,
                        HubProcesses.count(store, "select count(*) from raw_message"),
                        HubProcesses.count(store, "select count(*) from raw_message r where not exists (select 1 from raw_message_queued q where q.raw_message_id = r.id)"));
            }
            return cases >= rows;
        });
        Thread.sleep(3000); // anything stored twice would show now
        assertThat(cases()).isEqualTo(rows);
        assertThat(HubProcesses.count(store, "select count(*) from case_version")).as("one version per row, none twice").isEqualTo(rows);
        assertThat(HubProcesses.count(store, "select count(*) from raw_message")).as("one raw message per row").isEqualTo(rows);
        String lastKey = HubProcesses.text(legacy, "select ROW_GUID from GT_SPJ_BJXX order by TBSJ desc, ROW_GUID desc limit 1");
        assertThat(HubProcesses.text(store, "select mark_key from source_watermark where department = 'land' and connector = 'cases'"))
                .as("the watermark is the last row's").isEqualTo(lastKey);
    }

    /** The land bureau's and the broker's dead-letter queues are empty (or were never made). */
    public void assertNothingDeadLettered(Hub hub) throws Exception {
        HubProcesses.assertNothingDeadLettered(hub, "land");
    }

    @Override
    public void close() throws Exception {
        for (Hub h : hubs) {
            h.close();
        }
        legacyDs.close();
        legacy.close();
        store.close();
    }
}
