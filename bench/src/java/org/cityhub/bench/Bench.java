package org.cityhub.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.cityhub.demo.AgriculturalMachineryLegacyDb;
import org.cityhub.demo.LandBureauLegacyDb;
import org.cityhub.support.HubHome;
import org.cityhub.support.HubProcesses;
import org.cityhub.support.ThrowAwayDatabase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The benchmarks of issue 7, run against this machine's PostgreSQL (the exchange store), MariaDB (the
 * departments' legacy front databases) and hubs started as their own processes with an embedded,
 * persistent Artemis broker. See bench/README.md. {@code main} prints the table and writes BENCHMARKS.md;
 * {@link #run} is also what the smoke test calls at tiny size.
 */
public final class Bench {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to run and at what size. */
    public record Config(int ingestRows, int migrationRows, int rounds, int migrationRounds, int feedPulls,
                         int lookupClients, int calloutClients, Duration warmUp, Duration window, Duration idleSettle,
                         Path jar, Path workDir, boolean quiet, String only) {

        boolean runs(String part) {
            return only == null || only.isEmpty() || java.util.Arrays.asList(only.split(",")).contains(part);
        }

        /** The hub rounds (ingest, pull, call-out) run unless only the scale-out benchmark, which ingests by itself, is asked for. */
        boolean runsHubRounds() {
            return !"scaleout".equals(only);
        }

        public static Config full(Path jar) {
            return new Config(200_000, 1_000_000, 3, 3, 3, 64, 64, Duration.ofSeconds(5), Duration.ofSeconds(20),
                    Duration.ofSeconds(10), jar, Path.of("target/bench"), false, null);
        }

        public static Config smoke() {
            // warm-up long enough for the first call-outs (CXF's first client, the breaker) on a loaded CI machine
            // scale-out starts three hubs and two brokers: ScaleOutSmokeIT runs it on its own
            return new Config(300, 400, 1, 1, 1, 4, 4, Duration.ofSeconds(3), Duration.ofSeconds(2),
                    Duration.ofMillis(500), null, Path.of("target/bench-smoke"), true, "ingest,pull,callout,migration,startup");
        }
    }

    /** Every figure of one benchmark run; lists hold one value per round. */
    public static final class Results {
        public final Map<String, Stats> figures = new LinkedHashMap<>();
        public final Map<String, Long> counts = new LinkedHashMap<>();
        public final List<String> notes = new ArrayList<>();

        Stats stats(String name) {
            return figures.computeIfAbsent(name, k -> new Stats());
        }

        void count(String name, long value) {
            counts.merge(name, value, Long::sum);
        }

        public Stats get(String name) {
            return figures.getOrDefault(name, new Stats());
        }
    }

    private final Config config;
    private final Results results = new Results();
    private final Consumer<String> out;

    private Bench(Config config) {
        this.config = config;
        this.out = config.quiet ? s -> { } : s -> System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + s);
    }

    public static Results run(Config config) throws Exception {
        return new Bench(config).all();
    }

    public static void main(String[] args) throws Exception {
        Config c = Config.full(Path.of("target/cityhub.jar"));
        Path md = Path.of("BENCHMARKS.md");
        for (String a : args) {
            String[] kv = a.replaceFirst("^--", "").split("=", 2);
            String v = kv.length > 1 ? kv[1] : "";
            switch (kv[0]) {
                case "rows" -> c = with(c, "rows", v);
                case "migration-rows" -> c = with(c, "migration-rows", v);
                case "rounds" -> c = with(c, "rounds", v);
                case "migration-rounds" -> c = with(c, "migration-rounds", v);
                case "window" -> c = with(c, "window", v);
                case "out" -> md = Path.of(v);
                case "only" -> c = new Config(c.ingestRows, c.migrationRows, c.rounds, c.migrationRounds, c.feedPulls,
                        c.lookupClients, c.calloutClients, c.warmUp, c.window, c.idleSettle, c.jar, c.workDir, c.quiet, v);
                case "smoke" -> c = Config.smoke();
                default -> throw new IllegalArgumentException("unknown option " + a + " (see bench/README.md)");
            }
        }
        if (c.jar() != null && !Files.isRegularFile(c.jar())) {
            throw new IllegalStateException(c.jar() + " is missing: run bench/run (it packages the hub first)");
        }
        Instant started = Instant.now();
        Results r = run(c);
        String report = Report.markdown(c, r, started, Instant.now());
        System.out.println();
        System.out.println(Report.table(c, r));
        Files.writeString(md, report);
        System.out.println("written " + md.toAbsolutePath());
    }

    private static Config with(Config c, String key, String v) {
        return switch (key) {
            case "rows" -> new Config(Integer.parseInt(v), c.migrationRows, c.rounds, c.migrationRounds, c.feedPulls, c.lookupClients,
                    c.calloutClients, c.warmUp, c.window, c.idleSettle, c.jar, c.workDir, c.quiet, c.only);
            case "migration-rows" -> new Config(c.ingestRows, Integer.parseInt(v), c.rounds, c.migrationRounds, c.feedPulls,
                    c.lookupClients, c.calloutClients, c.warmUp, c.window, c.idleSettle, c.jar, c.workDir, c.quiet, c.only);
            case "rounds" -> new Config(c.ingestRows, c.migrationRows, Integer.parseInt(v), c.migrationRounds, c.feedPulls,
                    c.lookupClients, c.calloutClients, c.warmUp, c.window, c.idleSettle, c.jar, c.workDir, c.quiet, c.only);
            case "migration-rounds" -> new Config(c.ingestRows, c.migrationRows, c.rounds, Integer.parseInt(v), c.feedPulls,
                    c.lookupClients, c.calloutClients, c.warmUp, c.window, c.idleSettle, c.jar, c.workDir, c.quiet, c.only);
            case "window" -> new Config(c.ingestRows, c.migrationRows, c.rounds, c.migrationRounds, c.feedPulls,
                    c.lookupClients, c.calloutClients, c.warmUp, Duration.ofSeconds(Long.parseLong(v)), c.idleSettle, c.jar, c.workDir,
                    c.quiet, c.only);
            default -> throw new IllegalArgumentException(key);
        };
    }

    // ------------------------------------------------------------------------------------------ all rounds

    private Results all() throws Exception {
        Files.createDirectories(config.workDir);
        try (ThrowAwayDatabase legacy = ThrowAwayDatabase.mariadb("benchlegacy");
             HikariDataSource legacyDs = new HikariDataSource();
             SoapStub stub = new SoapStub()) {
            legacyDs.setJdbcUrl(legacy.url());
            legacyDs.setUsername(legacy.user());
            legacyDs.setMaximumPoolSize(2);
            seedLand(legacyDs);
            for (int i = 1; i < config.feedPulls && config.runs("startup"); i++) {
                startup(i, legacy, stub);
            }
            if (config.runs("startup")) {
                startupsWithCds(legacy, stub);
            }
            for (int round = 1; round <= config.rounds && config.runsHubRounds(); round++) {
                hubRound(round, legacy, legacyDs, stub);
            }
            for (int round = 1; round <= config.rounds && config.runs("scaleout"); round++) {
                new ScaleOut(config, results, out, legacy, legacyDs).round(round);
            }
            if (config.migrationRounds > 0 && config.runs("migration")) {
                seedAgri(legacyDs);
            }
            for (int round = 1; round <= config.migrationRounds && config.runs("migration"); round++) {
                migrationRound(round, legacy);
            }
        }
        return results;
    }

    /** The land bureau's rows, seeded once into a staging table; each round copies them into the polled table at once. */
    private void seedLand(HikariDataSource legacyDs) throws Exception {
        long t0 = System.nanoTime();
        LandBureauLegacyDb.createSchema(legacyDs);
        LandBureauLegacyDb land = new LandBureauLegacyDb(legacyDs, new Random(7), java.time.Clock.systemDefaultZone());
        int left = config.ingestRows;
        while (left > 0) {
            // in slices: the seeder builds its rows in memory
            left -= land.seed(Math.min(left, 50_000));
        }
        try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
            st.execute("create table BENCH_SEED as select * from " + LandBureauLegacyDb.TABLE);
            st.execute("truncate table " + LandBureauLegacyDb.TABLE);
        }
        out.accept("seeded " + config.ingestRows + " land rows in " + secs(t0) + " s");
    }

    private void seedAgri(HikariDataSource legacyDs) {
        long t0 = System.nanoTime();
        AgriculturalMachineryLegacyDb.createSchema(legacyDs);
        new AgriculturalMachineryLegacyDb(legacyDs, new Random(2009)).seed(config.migrationRows);
        out.accept("seeded " + config.migrationRows + " agri rows in " + secs(t0) + " s");
    }

    // ------------------------------------------------------------------------------------------ one hub round

    private void hubRound(int round, ThrowAwayDatabase legacy, HikariDataSource legacyDs, SoapStub stub) throws Exception {
        int n = config.ingestRows;
        try (ThrowAwayDatabase store = ThrowAwayDatabase.postgres("bench")) {
            // (1) baseline: the raw floor, into the same (fresh) store database
            double floor = rawFloor(legacyDs, store);
            results.stats("ingest.floor").add(floor);
            out.accept("round " + round + ": raw floor " + fmt(floor) + " rows/s");

            try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
                st.execute("truncate table " + LandBureauLegacyDb.TABLE);
            }
            HubHome home = hubHome(legacy, stub);
            Path data = Files.createTempDirectory(config.workDir.toAbsolutePath(), "hub-" + round + "-");
            // (5) start-up: java -jar, with the image's JVM options (heap from compose's mem_limit, its collector), to
            // /actuator/health 200; the CDS archive's start-up is measured apart
            List<String> jvm = ImageForm.read(Path.of("")).jvmArgs(data);
            try (Hub hub = Hub.start(config.jar, jvm, hubArgs(store, home, data), data.resolve("hub.log"));
                 AutoCloseable analyze = analyzer(store);
                 BareServer bare = new BareServer(store.url(), store.user(), stub.address())) {
                double ready = hub.awaitReady(Duration.ofMinutes(2));
                results.stats("startup.seconds").add(ready);
                Thread.sleep(config.idleSettle.toMillis());
                double idle = hub.rssMb();
                results.stats("rss.idle").add(idle);
                out.accept("round " + round + ": ready in " + fmt(ready) + " s, idle RSS " + fmt(idle) + " MB");

                // (1) ingest, end to end
                ingest(round, legacyDs, store, hub, n);
                mappingAlone(round, store, home);
                // the hub idle (its supervision keeper caught up), the least work of the same ingest by plain code
                awaitSupervision(round, store);
                workFloor(round, legacyDs, store, home);
                // (2) platform pull
                if (config.runs("pull")) {
                    feed(round, hub, n);
                    for (int i = 0; i < config.feedPulls; i++) {
                        lookups(round, hub, store, bare);
                    }
                }
                // (3) call-out overhead
                if (config.runs("callout")) {
                    for (int i = 0; i < config.feedPulls; i++) {
                        callouts(round, hub, stub, bare);
                    }
                }
            }
        }
    }

    /**
     * (5) one more start-up on an empty store and empty legacy table: java -jar with the image's JVM options, as the
     * round's hub, to health 200, then idle RSS.
     */
    private void startup(int i, ThrowAwayDatabase legacy, SoapStub stub) throws Exception {
        startup("", i, config.jar, ImageForm.read(Path.of("")).jvmArgs(config.workDir.toAbsolutePath()), legacy, stub);
    }

    /**
     * (5) the start-up the Docker image makes: the jar unpacked and a class-data-sharing archive recorded by
     * docker/cds-archive (its time reported apart), then as many start-ups as the plain jar's, each with the image's JVM
     * options in the container memory of docker/compose.yaml ({@link ImageForm}). Only with a built jar (not in the smoke
     * run, which runs the hub from the test class path).
     */
    private void startupsWithCds(ThrowAwayDatabase legacy, SoapStub stub) throws Exception {
        if (config.jar == null || !Files.isRegularFile(config.jar)) {
            out.accept("start-up with CDS skipped: no jar at " + config.jar);
            return;
        }
        Path dir = config.workDir.toAbsolutePath().resolve("cds");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder("docker/cds-archive", config.jar.toString(), dir.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("docker/cds-archive failed with " + p.exitValue());
        }
        results.stats("startup.cds.archiveSeconds").add((System.nanoTime() - t0) / 1e9);
        ImageForm image = ImageForm.read(Path.of(""));
        for (int i = 1; i <= config.feedPulls; i++) {
            List<String> jvm = new ArrayList<>(image.jvmArgs(config.workDir.toAbsolutePath()));
            jvm.add("-XX:SharedArchiveFile=" + dir.resolve("cityhub.jsa"));
            startup("cds", i, dir.resolve(config.jar.getFileName()), jvm, legacy, stub);
        }
    }

    /**
     * One start-up on an empty store: to health 200, then the idle RSS; {@code form} "" for the plain jar, "cds" for the
     * image's form (its figures under startup.cds.*, rss.cds.*, with the archive's resident pages).
     */
    private void startup(String form, int i, Path jar, List<String> jvmArgs, ThrowAwayDatabase legacy, SoapStub stub) throws Exception {
        String infix = form.isEmpty() ? "" : form + ".";
        try (ThrowAwayDatabase store = ThrowAwayDatabase.postgres("benchstart")) {
            Path data = Files.createTempDirectory(config.workDir.toAbsolutePath(), "start-" + (form.isEmpty() ? "" : form + "-") + i + "-");
            try (Hub hub = Hub.start(jar, jvmArgs, hubArgs(store, hubHome(legacy, stub), data), data.resolve("hub.log"))) {
                double ready = hub.awaitReady(Duration.ofMinutes(2));
                results.stats("startup." + infix + "seconds").add(ready);
                Thread.sleep(config.idleSettle.toMillis());
                double idle = hub.rssMb();
                results.stats("rss." + infix + "idle").add(idle);
                String archive = "";
                if (!form.isEmpty()) {
                    double mb = hub.mappedRssMb(".jsa");
                    results.stats("rss." + infix + "archive").add(mb);
                    archive = ", of it the archive's " + fmt(mb) + " MB";
                }
                out.accept("start-up " + (form.isEmpty() ? "" : "with " + form.toUpperCase(java.util.Locale.ROOT) + " ") + i
                        + ": ready in " + fmt(ready) + " s, idle RSS " + fmt(idle) + " MB" + archive);
            }
        }
    }

    private HubHome hubHome(ThrowAwayDatabase legacy, SoapStub stub) throws IOException {
        // the land bureau's front table, polled in pages of 500 every 500 ms
        HubHome home = HubProcesses.landHome(legacy, 500, 500)
                .connector("water", """
                department:
                  code: water
                  name: 重庆市涪陵区水利局
                  region: "500102"
                mode: callout
                callouts:
                  - name: permit
                    template: soap-callout
                    requestMapping: water/permit-request
                    responseMapping: water/permit-response
                    timeout: 5000
                    maxConcurrent: %d
                    breaker: {minimumCalls: 1000, slidingWindow: 1000}
                    parameters:
                      address: "%s"
                      namespace: "%s"
                      operation: cxQsxk
                      service: QsxkService
                      port: QsxkServicePort
                """.formatted(Math.max(config.calloutClients, 8), stub.address(), SoapStub.NS));
        Path mappings = Files.createDirectories(home.root().resolve("mappings/water"));
        Files.writeString(mappings.resolve("permit-request.jsonata"), """
                { "xkzh": $require(permitNo, 'permitNo', 'the water permit number (取水许可证号)') }
                """);
        Files.writeString(mappings.resolve("permit-response.jsonata"), """
                { "permitNo": xkz.xkzh, "holder": xkz.qsrmc, "annualVolume": $number(xkz.nqsl), "validUntil": $date(xkz.yxq) }
                """);
        return home;
    }

    private static List<String> hubArgs(ThrowAwayDatabase store, HubHome home, Path data) {
        return List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=" + store.url(),
                "--spring.datasource.username=" + store.user(),
                "--spring.datasource.password=",
                "--cityhub.home=" + home.root(),
                "--cityhub.data-dir=" + data,
                "--cityhub.demo.enabled=false");
    }

    /**
     * The raw floor: a plain JDBC read of the same legacy rows (streamed) and a batched insert of an
     * equivalent row per record (department, case number, status, SHA-256 of the content, the record as
     * JSON) into the same PostgreSQL store (its own schema, so the hub's Flyway finds public empty); no broker, no mapping, no validation.
     */
    private double rawFloor(HikariDataSource legacyDs, ThrowAwayDatabase store) throws Exception {
        try (Connection pg = store.connect(); Statement st = pg.createStatement()) {
            st.execute("create schema bench");
            st.execute("create table bench.bench_floor (seq bigserial primary key, department varchar(32) not null,"
                    + " department_case_no varchar(64) not null, status varchar(32) not null, content_hash varchar(64) not null,"
                    + " recorded_at timestamp with time zone not null, content text not null)");
        }
        long t0 = System.nanoTime();
        long rows = 0;
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection legacy = legacyDs.getConnection(); Connection pg = store.connect()) {
            legacy.setAutoCommit(false);
            pg.setAutoCommit(false);
            try (PreparedStatement read = legacy.prepareStatement("select * from BENCH_SEED",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                 PreparedStatement insert = pg.prepareStatement("insert into bench.bench_floor (department, department_case_no, status,"
                         + " content_hash, recorded_at, content) values (?,?,?,?,?,?)")) {
                read.setFetchSize(1000);
                try (ResultSet rs = read.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    int batch = 0;
                    while (rs.next()) {
                        ObjectNode record = JSON.createObjectNode();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            Object v = rs.getObject(i);
                            record.put(md.getColumnLabel(i).toUpperCase(Locale.ROOT), v == null ? null : v.toString());
                        }
                        byte[] content = JSON.writeValueAsBytes(record);
                        insert.setString(1, "land");
                        insert.setString(2, record.path("YWLSH").asText());
                        insert.setString(3, record.path("BLZT").asText());
                        insert.setString(4, HexFormat.of().formatHex(sha.digest(content)));
                        insert.setObject(5, OffsetDateTime.now());
                        insert.setString(6, new String(content, StandardCharsets.UTF_8));
                        insert.addBatch();
                        rows++;
                        if (++batch == 1000) {
                            insert.executeBatch();
                            pg.commit();
                            batch = 0;
                        }
                    }
                    insert.executeBatch();
                    pg.commit();
                }
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long stored = count(store, "select count(*) from bench.bench_floor");
        results.count("floor.rowsRead", rows);
        results.count("floor.rowsStored", stored);
        return stored / seconds;
    }

    private void ingest(int round, HikariDataSource legacyDs, ThrowAwayDatabase store, Hub hub, int n) throws Exception {
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicReference<Double> peak = new AtomicReference<>(0.0);
        Thread sampler = new Thread(() -> {
            while (sampling.get()) {
                peak.accumulateAndGet(hub.rssMb(), (a, b) -> Double.isNaN(b) ? a : Math.max(a, b));
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.setDaemon(true);
        sampler.start();
        double cpu0 = hub.cpuSeconds();
        MachineCpu.Snapshot machine0 = MachineCpu.now(hub.pid());
        // the department's rows appear at once (one committed copy), as after a bulk sync of its front database
        Instant t0;
        try (Connection c = legacyDs.getConnection(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("insert into " + LandBureauLegacyDb.TABLE + " select * from BENCH_SEED");
            c.commit();
            t0 = Instant.now();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(Math.max(120, n / 50)).toNanos();
        long stored = 0;
        long lastChange = System.nanoTime();
        long lastStored = -1;
        long lastProgress = System.nanoTime();
        String storedCount = "select count(*) from exchange_case where department = 'land'";
        // the second half alone: the hub's and the machine's CPU from the poll that first sees half the cases stored
        long halfStored = -1;
        double halfHubCpu = 0;
        MachineCpu.Snapshot halfMachine = null;
        while (System.nanoTime() < deadline) {
            // progress by the highest ids (see highestId), the exact count only once they say done
            long storedUpTo = highestId(store, "exchange_case", "department = 'land'");
            long archivedUpTo = highestId(store, "raw_message", "department = 'land'");
            if (halfStored < 0 && storedUpTo >= n / 2) {
                halfHubCpu = hub.cpuSeconds();
                halfMachine = MachineCpu.now(hub.pid());
                halfStored = count(store, storedCount);
            }
            if (System.nanoTime() - lastProgress > 5_000_000_000L) {
                lastProgress = System.nanoTime();
                out.accept("round " + round + ": ingest progress: archived up to id " + archivedUpTo + ", stored up to id " + storedUpTo);
            }
            if (storedUpTo != lastStored) {
                lastStored = storedUpTo;
                lastChange = System.nanoTime();
            }
            if (storedUpTo >= n && (stored = count(store, storedCount)) >= n) {
                break;
            }
            if (archivedUpTo >= n && System.nanoTime() - lastChange > 10_000_000_000L) {
                break;
            }
            Thread.sleep(1000);
        }
        stored = count(store, storedCount);
        MachineCpu.Snapshot end = MachineCpu.now(hub.pid());
        double endHubCpu = hub.cpuSeconds();
        MachineCpu.Snapshot used = end.since(machine0);
        sampling.set(false);
        sampler.join();
        double seconds = secondsToLastVersion(store, "where department = 'land'", t0);
        double rate = stored / seconds;
        results.stats("ingest.e2e").add(rate);
        results.stats("ingest.ratio").add(rate / results.get("ingest.floor").values().get(round - 1));
        results.stats("rss.load").add(peak.get());
        double cpuMs = (hub.cpuSeconds() - cpu0) * 1000 / Math.max(1, stored);
        results.stats("ingest.hubCpuMsPerCase").add(cpuMs);
        // where the machine's CPU went meanwhile (the window ends at the last progress check, up to a second after the
        // last case; the shares, not the absolute seconds, are what to read)
        double perCase = 1000.0 / Math.max(1, stored);
        results.stats("ingest.machineBusy").add(used.busyShare());
        results.stats("ingest.cpuMsPerCase.postgres").add(used.postgres() * perCase);
        results.stats("ingest.cpuMsPerCase.mariadb").add(used.mariadb() * perCase);
        results.stats("ingest.cpuMsPerCase.rest").add((used.busy() - used.process() - used.postgres() - used.mariadb()) * perCase);
        results.stats("ingest.cpuMsPerCase.all").add(used.busy() * perCase);
        // what the machine could do with every core busy at this CPU cost per case
        results.stats("ingest.cpuCeiling").add(Runtime.getRuntime().availableProcessors() * 1000.0 / (used.busy() * perCase));
        // the second half alone, once the hub's code is compiled (JIT) and its pools and caches are warm: the rate between
        // the store's own times of the middle and the last case version, the CPU from the snapshot at the middle
        double secondHalf = halfMachine != null && stored > halfStored
                ? secondsBetweenVersions(store, "where department = 'land'", halfStored) : 0;
        if (secondHalf > 0) {
            results.stats("ingest.secondHalf").add((stored - halfStored) / secondHalf);
            double perHalfCase = 1000.0 / (stored - halfStored);
            MachineCpu.Snapshot half = end.since(halfMachine);
            results.stats("ingest.secondHalf.hubCpuMsPerCase").add((endHubCpu - halfHubCpu) * perHalfCase);
            results.stats("ingest.secondHalf.postgresCpuMsPerCase").add(half.postgres() * perHalfCase);
            results.stats("ingest.secondHalf.allCpuMsPerCase").add(half.busy() * perHalfCase);
            out.accept("round " + round + ": ingest, second half (from case " + halfStored + "): " + fmt((stored - halfStored) / secondHalf)
                    + " cases/s, CPU ms per case: hub " + fmt((endHubCpu - halfHubCpu) * perHalfCase) + ", PostgreSQL "
                    + fmt(half.postgres() * perHalfCase) + ", all " + fmt(half.busy() * perHalfCase));
        }
        results.count("ingest.rowsOffered", n);
        results.count("ingest.rowsArchived", count(store, "select count(*) from raw_message where department = 'land'"));
        results.count("ingest.casesStored", stored);
        results.count("ingest.versionsStored", count(store, "select count(*) from case_version where department = 'land'"));
        out.accept("round " + round + ": ingest " + stored + "/" + n + " cases in " + fmt(seconds) + " s = " + fmt(rate)
                + " cases/s, hub CPU " + fmt(cpuMs) + " ms per case, peak RSS " + fmt(peak.get()) + " MB; machine "
                + fmt(used.busyShare() * 100) + "% busy, CPU ms per case: all " + fmt(used.busy() * perCase) + ", PostgreSQL "
                + fmt(used.postgres() * perCase) + ", MariaDB " + fmt(used.mariadb() * perCase));
    }

    /**
     * The share of the ingest no plumbing can save: the department's mapping (JSONata) with the Case schema's
     * normalisation and validation, run on the very payloads the hub archived, one thread, in this JVM (warmed by
     * a first pass, the second timed). Two cores can map at most twice this, whatever the broker and store do.
     */
    private void mappingAlone(int round, ThrowAwayDatabase store, HubHome home) throws Exception {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        org.cityhub.mapping.CaseMapping mapping = landMapping(home);
        List<String> payloads = new ArrayList<>();
        try (Connection pg = store.connect(); Statement st = pg.createStatement()) {
            st.setFetchSize(1000);
            try (ResultSet rs = st.executeQuery("select payload from raw_message where department = 'land' limit 50000")) {
                while (rs.next()) {
                    payloads.add(new String(rs.getBytes(1), StandardCharsets.UTF_8));
                }
            }
        }
        double rate = 0;
        for (int pass = 0; pass < 2; pass++) {
            long t0 = System.nanoTime();
            for (String p : payloads) {
                mapping.mapParsed(json.readValue(p, Object.class));
            }
            rate = payloads.size() / ((System.nanoTime() - t0) / 1e9);
        }
        results.stats("ingest.mappingAlone").add(rate);
        results.stats("ingest.ofMappingCeiling").add(results.get("ingest.e2e").values().get(round - 1) / (2 * rate));
        out.accept("round " + round + ": mapping + validation alone, one thread: " + fmt(rate) + " records/s ("
                + payloads.size() + " archived payloads)");
    }

    /** The land bureau's case mapping as the hub loads it from the hub's home. */
    private static org.cityhub.mapping.CaseMapping landMapping(HubHome home) {
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        return new org.cityhub.mapping.MappingCatalog(home.root().resolve("mappings"), org.cityhub.mapping.CaseSchema.load(json), json)
                .get("land/case");
    }

    /**
     * The ingest's work floor ({@link WorkFloor}): the same seeded rows read, archived, queued durably, mapped, validated
     * and stored with their first version by plain code in this JVM, with the hub's consumers and batch size (the defaults
     * of {@code cityhub.ingest.*}), into the same store database. The hub's end-to-end rate over it is what the hub's
     * own plumbing and features cost.
     */
    private void workFloor(int round, HikariDataSource legacyDs, ThrowAwayDatabase store, HubHome home) throws Exception {
        Path brokerDir = Files.createTempDirectory(config.workDir.toAbsolutePath(), "floor-broker-" + round + "-");
        WorkFloor.Result r = new WorkFloor(legacyDs, store, landMapping(home), 4, 200).run(brokerDir, "500102");
        double perCase = 1000.0 / r.rows();
        results.stats("ingest.workFloor").add(r.perSecond());
        results.stats("ingest.ofWorkFloor").add(results.get("ingest.e2e").values().get(round - 1) / r.perSecond());
        results.stats("ingest.workFloor.cpuMsPerCase.all").add(r.cpu().busy() * perCase);
        results.stats("ingest.workFloor.cpuMsPerCase.postgres").add(r.cpu().postgres() * perCase);
        results.stats("ingest.workFloor.cpuMsPerCase.floor").add(r.cpu().driver() * perCase);
        results.stats("ingest.workFloor.machineBusy").add(r.cpu().busyShare());
        results.count("workFloor.rowsStored", count(store, "select count(*) from bench.wf_version"));
        out.accept("round " + round + ": work floor " + r.rows() + " cases in " + fmt(r.seconds()) + " s = " + fmt(r.perSecond())
                + " cases/s; machine " + fmt(r.cpu().busyShare() * 100) + "% busy, CPU ms per case: all " + fmt(r.cpu().busy() * perCase)
                + ", the floor's code " + fmt(r.cpu().driver() * perCase) + ", PostgreSQL " + fmt(r.cpu().postgres() * perCase));
    }

    /** Pulls the whole change feed with after= cursor pages of 500, reading every body. */
    private void feed(int round, Hub hub, int n) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        for (int pull = 0; pull < config.feedPulls; pull++) {
            long t0 = System.nanoTime();
            long items = 0;
            String cursor = null;
            while (true) {
                String url = hub.url("/api/v1/cases?limit=500" + (cursor == null ? "" : "&after=" + cursor));
                HttpResponse<byte[]> r = http.send(Load.get(url), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("feed answered " + r.statusCode());
                }
                String body = new String(r.body(), StandardCharsets.UTF_8);
                int page = countItems(body);
                if (page == 0) {
                    break;
                }
                items += page;
                int at = body.lastIndexOf("\"nextCursor\":\"");
                cursor = body.substring(at + 14, body.indexOf('"', at + 14));
            }
            double rate = items / ((System.nanoTime() - t0) / 1e9);
            results.stats("feed.casesPerSecond").add(rate);
            results.count("feed.items", items);
            out.accept("round " + round + ": feed pull " + (pull + 1) + ": " + items + " items, " + fmt(rate) + " cases/s");
        }
    }

    static int countItems(String body) {
        int n = 0;
        int at = body.indexOf("{\"supervisionCode\":");
        while (at >= 0) {
            n++;
            at = body.indexOf("{\"supervisionCode\":", at + 1);
        }
        return n;
    }

    /**
     * A lookup serves the light the supervision keeper keeps (and computes it from the history while the keeper is
     * behind): lookups are measured once the keeper has caught up with the feed, as in steady operation, or after
     * 90 s, whichever comes first; the lag left is noted.
     */
    private void awaitSupervision(int round, ThrowAwayDatabase store) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofSeconds(90).toNanos();
        long behind;
        while ((behind = count(store, "select last_seq from feed_head where id = 1")
                - count(store, "select last_seq from supervision_cursor where id = 1")) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        out.accept("round " + round + ": supervision keeper " + (behind > 0 ? behind + " changes behind the feed" : "caught up")
                + " after " + secs(t0) + " s");
        results.count("lookup.supervisionBehind", Math.max(0, behind));
    }

    /**
     * The lookups through the hub, then (back to back, same codes, same clients) through the bare floor
     * ({@link BareServer}): one read by key and the stored case written, no framework.
     */
    private void lookups(int round, Hub hub, ThrowAwayDatabase store, BareServer bare) throws Exception {
        List<String> codes = new ArrayList<>();
        try (Connection pg = store.connect(); Statement st = pg.createStatement();
             ResultSet rs = st.executeQuery("select supervision_code from exchange_case")) {
            while (rs.next()) {
                codes.add(rs.getString(1));
            }
        }
        Collections.shuffle(codes, new Random(round));
        // as for the call-outs: the request path through the hub's filters, Spring MVC and the case store is still being
        // compiled after one warm-up (the first of three windows gave 40% of the third), so the hub gets four
        Duration hubWarmUp = config.warmUp.multipliedBy(4);
        Load.Result r = Wrk.available()
                ? Wrk.run(config.lookupClients, hubWarmUp, config.window, hub.url(""),
                        codes.stream().map(c -> "/api/v1/cases/" + c).toList(), null, List.of("X-Api-Key", Hub.API_KEY), hub.pid(),
                        config.workDir)
                : Load.run(config.lookupClients, hubWarmUp, config.window,
                        i -> Load.get(hub.url("/api/v1/cases/" + codes.get(i % codes.size()))), hub.pid());
        results.stats("lookup.rps").add(r.perSecond());
        cpu("lookup", r);
        results.stats("lookup.p50").add(r.p50Millis());
        results.stats("lookup.p99").add(r.p99Millis());
        results.count("lookup.requests", r.requests());
        results.count("lookup.errors", r.errors());
        out.accept("round " + round + ": lookups " + r);
        long self = ProcessHandle.current().pid();
        Load.Result f = Wrk.available()
                ? Wrk.run(config.lookupClients, config.warmUp, config.window, bare.lookupUrl(""),
                        codes.stream().map(c -> "/cases/" + c).toList(), null, List.of(), self, config.workDir)
                : Load.run(config.lookupClients, config.warmUp, config.window,
                        i -> Load.get(bare.lookupUrl("/cases/" + codes.get(i % codes.size()))), self);
        results.stats("lookup.bare.rps").add(f.perSecond());
        cpu("lookup.bare", f);
        results.stats("lookup.bare.p50").add(f.p50Millis());
        results.stats("lookup.bare.p99").add(f.p99Millis());
        results.stats("lookup.ofBare").add(r.perSecond() / f.perSecond());
        results.count("lookup.bare.requests", f.requests());
        results.count("lookup.bare.errors", f.errors());
        out.accept("round " + round + ": bare lookups " + f);
    }

    /** Where the CPU went in a load window: the machine's busy share and the CPU per request of each part. */
    private void cpu(String figure, Load.Result r) {
        MachineCpu.Snapshot u = r.cpu();
        results.stats(figure + ".machineBusy").add(u.busyShare());
        results.stats(figure + ".cpuMs.hub").add(r.msPerRequest(u.process()));
        results.stats(figure + ".cpuMs.postgres").add(r.msPerRequest(u.postgres()));
        results.stats(figure + ".cpuMs.driver").add(r.msPerRequest(u.driver()));
        results.stats(figure + ".cpuMs.all").add(r.msPerRequest(u.busy()));
    }

    /**
     * The call-outs direct to the stub, through the bare floor ({@link BareServer}: JSON in, SOAP out and back, JSON out,
     * no framework) and through the hub, back to back with the same clients.
     */
    private void callouts(int round, Hub hub, SoapStub stub, BareServer bare) throws Exception {
        if (!hub.get("/api/v1/departments/water").contains("\"ACTIVE\"")) {
            hub.post("/api/v1/departments/water/actions", "{\"action\": \"activate\", \"reason\": \"benchmark\"}");
        }
        long before = stub.calls();
        Load.Result direct;
        Load.Result floor;
        Load.Result via;
        // the hub's call-out path (Camel, CXF, JAXB, both mappings) is still being compiled by the JIT after a few
        // seconds (the C2 compiler threads took a quarter of the hub's CPU in a profile of 15 s windows): four times
        // the warm-up before its measured window, so that the window shows the steady state
        Duration hubWarmUp = config.warmUp.multipliedBy(4);
        if (Wrk.available()) {
            List<String> envelopes = new ArrayList<>();
            List<String> permits = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                envelopes.add(SoapStub.envelope("QS-500102-" + i).replace('\n', ' '));
                permits.add("{\"permitNo\": \"QS-500102-" + i + "\"}");
            }
            direct = Wrk.run(config.calloutClients, config.warmUp, config.window, stub.address(), null, envelopes,
                    List.of("Content-Type", "text/xml; charset=UTF-8", "SOAPAction", "\"\""), hub.pid(), config.workDir);
            floor = Wrk.run(config.calloutClients, config.warmUp, config.window, bare.calloutUrl("/permit"), null, permits,
                    List.of("Content-Type", "application/json"), ProcessHandle.current().pid(), config.workDir);
            via = Wrk.run(config.calloutClients, hubWarmUp, config.window, hub.url("/api/v1/callouts/water/permit"), null, permits,
                    List.of("X-Api-Key", Hub.API_KEY, "Content-Type", "application/json"), hub.pid(), config.workDir);
        } else {
            direct = Load.run(config.calloutClients, config.warmUp, config.window,
                    i -> HttpRequest.newBuilder(URI.create(stub.address())).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "text/xml; charset=UTF-8").header("SOAPAction", "\"\"")
                            .POST(HttpRequest.BodyPublishers.ofString(SoapStub.envelope("QS-500102-" + (i % 1000)))).build(),
                    hub.pid());
            floor = Load.run(config.calloutClients, config.warmUp, config.window,
                    i -> HttpRequest.newBuilder(URI.create(bare.calloutUrl("/permit"))).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"permitNo\": \"QS-500102-" + (i % 1000) + "\"}")).build(),
                    ProcessHandle.current().pid());
            via = Load.run(config.calloutClients, hubWarmUp, config.window,
                    i -> HttpRequest.newBuilder(URI.create(hub.url("/api/v1/callouts/water/permit"))).timeout(Duration.ofSeconds(30))
                            .header("X-Api-Key", Hub.API_KEY)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"permitNo\": \"QS-500102-" + (i % 1000) + "\"}")).build(),
                    hub.pid());
        }
        cpu("callout.direct", direct);
        cpu("callout.hub", via);
        results.stats("callout.direct.rps").add(direct.perSecond());
        results.stats("callout.direct.p50").add(direct.p50Millis());
        results.stats("callout.direct.p99").add(direct.p99Millis());
        results.stats("callout.hub.rps").add(via.perSecond());
        results.stats("callout.hub.p50").add(via.p50Millis());
        results.stats("callout.hub.p99").add(via.p99Millis());
        results.stats("callout.added.p50").add(via.p50Millis() - direct.p50Millis());
        results.stats("callout.added.p99").add(via.p99Millis() - direct.p99Millis());
        results.stats("callout.ratio").add(via.perSecond() / direct.perSecond());
        cpu("callout.bare", floor);
        results.stats("callout.bare.rps").add(floor.perSecond());
        results.stats("callout.bare.p50").add(floor.p50Millis());
        results.stats("callout.bare.p99").add(floor.p99Millis());
        results.stats("callout.bare.added.p50").add(floor.p50Millis() - direct.p50Millis());
        results.stats("callout.bare.added.p99").add(floor.p99Millis() - direct.p99Millis());
        results.stats("callout.bare.ratio").add(floor.perSecond() / direct.perSecond());
        results.stats("callout.ofBare").add(via.perSecond() / floor.perSecond());
        results.count("callout.bare.requests", floor.requests());
        results.count("callout.bare.errors", floor.errors());
        results.count("callout.direct.requests", direct.requests());
        results.count("callout.direct.errors", direct.errors());
        results.count("callout.hub.requests", via.requests());
        results.count("callout.hub.errors", via.errors());
        results.count("callout.stubCalls", stub.calls() - before);
        out.accept("round " + round + ": call-out direct " + direct + " / bare floor " + floor + " / through the hub " + via);
    }

    // ------------------------------------------------------------------------------------------ migration

    private void migrationRound(int round, ThrowAwayDatabase legacy) throws Exception {
        int n = config.migrationRows;
        try (ThrowAwayDatabase store = ThrowAwayDatabase.postgres("benchmig")) {
            HubHome home = HubHome.create().agriculturalMachineryRetired("agri", legacy.url(), "root", 500);
            Path data = Files.createTempDirectory(config.workDir.toAbsolutePath(), "mig-" + round + "-");
            List<String> jvm = ImageForm.read(Path.of("")).ownHeap("-Xmx512m");
            try (Hub hub = Hub.start(config.jar, jvm, hubArgs(store, home, data), data.resolve("hub.log"));
                 AutoCloseable analyze = analyzer(store)) {
                hub.awaitReady(Duration.ofMinutes(2));
                AtomicBoolean sampling = new AtomicBoolean(true);
                AtomicReference<Double> peak = new AtomicReference<>(0.0);
                Thread sampler = new Thread(() -> {
                    while (sampling.get()) {
                        peak.accumulateAndGet(hub.rssMb(), (a, b) -> Double.isNaN(b) ? a : Math.max(a, b));
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.setDaemon(true);
                sampler.start();
                long t0 = System.nanoTime();
                hub.post("/api/v1/departments/agri/actions", "{\"action\": \"start-migration\", \"reason\": \"benchmark\"}");
                long deadline = t0 + Duration.ofSeconds(Math.max(120, n / 100)).toNanos();
                JsonNode run = null;
                while (System.nanoTime() < deadline) {
                    run = JSON.readTree(hub.get("/api/v1/departments/agri/migration"));
                    String state = run.path("state").asText();
                    if (!state.equals("RUNNING")) {
                        break;
                    }
                    Thread.sleep(500);
                }
                double migrated = (System.nanoTime() - t0) / 1e9;
                JsonNode report = JSON.readTree(hub.get("/api/v1/departments/agri/migration/report"));
                double reconciled = (System.nanoTime() - t0) / 1e9;
                sampling.set(false);
                sampler.join();
                results.stats("migration.seconds").add(reconciled);
                results.stats("migration.readSeconds").add(migrated);
                results.stats("migration.rowsPerSecond").add(n / reconciled);
                results.stats("migration.rss").add(peak.get());
                results.count("migration.rowsOffered", n);
                results.count("migration.rowsRead", run == null ? 0 : run.path("rowsRead").asLong());
                results.count("migration.storeCases", report.at("/totals/storeCases").asLong());
                results.count("migration.legacyCases", report.at("/totals/legacyCases").asLong());
                results.count("migration.reconciled", report.path("reconciled").asBoolean() ? 1 : 0);
                results.count("migration.oom", Files.readString(hub.log()).contains("OutOfMemoryError") ? 1 : 0);
                out.accept("round " + round + ": migration of " + n + " rows: state " + (run == null ? "?" : run.path("state").asText())
                        + " after " + fmt(migrated) + " s, reconciled=" + report.path("reconciled").asBoolean() + " after "
                        + fmt(reconciled) + " s, peak RSS " + fmt(peak.get()) + " MB");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * Emulates PostgreSQL's auto-analyze when the server runs without autovacuum (this machine's PostgreSQL has
     * {@code autovacuum = off}): the store's planner statistics are refreshed every 30 s while a hub works on it,
     * as a default server does by itself. Without it the never-analyzed tables make the planner scan
     * {@code raw_message} for every page's hash look-up and a migration slows down quadratically (measured: 200
     * rows/s at 170,000 rows, 2,450 rows/s right after one ANALYZE).
     *
     * <p>Only the tables auto-analyze would pick: changed by more than {@code autovacuum_analyze_threshold} rows plus
     * {@code autovacuum_analyze_scale_factor} of their size since their last ANALYZE (its own rule, read from the
     * server's settings). A plain {@code analyze} of the whole database re-read the unchanged tables every time too
     * (the raw floor's 200,000 rows among them), PostgreSQL CPU counted against the hub.
     */
    static AutoCloseable analyzer(ThrowAwayDatabase store) throws Exception {
        boolean autovacuum;
        try (Connection c = store.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("show autovacuum")) {
            rs.next();
            autovacuum = "on".equals(rs.getString(1));
        }
        if (autovacuum) {
            return () -> { };
        }
        AtomicBoolean running = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            while (running.get()) {
                try {
                    Thread.sleep(30_000);
                    try (Connection c = store.connect(); Statement st = c.createStatement()) {
                        List<String> due = new ArrayList<>();
                        try (ResultSet rs = st.executeQuery("select format('%I.%I', s.schemaname, s.relname)"
                                + " from pg_stat_user_tables s join pg_class c on c.oid = s.relid"
                                + " where s.n_mod_since_analyze > current_setting('autovacuum_analyze_threshold')::float8"
                                + " + current_setting('autovacuum_analyze_scale_factor')::float8 * greatest(c.reltuples, 0)")) {
                            while (rs.next()) {
                                due.add(rs.getString(1));
                            }
                        }
                        for (String table : due) {
                            st.execute("analyze " + table);
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    // the database is being dropped at the end of the round
                }
            }
        }, "bench-analyze");
        t.setDaemon(true);
        t.start();
        return () -> {
            running.set(false);
            t.interrupt();
        };
    }

    /** Seconds from {@code t0} (the rows' commit) to the last case version the store recorded ({@code where}: which). */
    static double secondsToLastVersion(ThrowAwayDatabase store, String where, Instant t0) throws Exception {
        try (Connection pg = store.connect(); Statement st = pg.createStatement();
             ResultSet rs = st.executeQuery("select max(recorded_at) from case_version " + where)) {
            rs.next();
            Timestamp last = rs.getTimestamp(1);
            return last == null ? Double.NaN : Duration.between(t0, last.toInstant()).toNanos() / 1e9;
        }
    }

    /** Seconds from the version recorded as the {@code k}-th (in feed order) to the last one ({@code where}: which). */
    static double secondsBetweenVersions(ThrowAwayDatabase store, String where, long k) throws Exception {
        try (Connection pg = store.connect(); Statement st = pg.createStatement();
             ResultSet rs = st.executeQuery("select (select recorded_at from case_version " + where + " order by seq offset "
                     + Math.max(0, k - 1) + " limit 1), (select max(recorded_at) from case_version " + where + ")")) {
            rs.next();
            return Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()).toNanos() / 1e9;
        }
    }

    /**
     * The highest id of a table's rows matching {@code where}: one probe of the primary key from its end, where
     * {@code count(*)} reads every row. Polled while a hub works, the counts over the growing tables cost PostgreSQL
     * 80 ms each at 200,000 rows (pg_stat_statements), CPU taken from the hub being measured and counted as the
     * store's. Identity ids are never reused, so the count is at most this.
     */
    static long highestId(ThrowAwayDatabase db, String table, String where) throws Exception {
        return count(db, "select coalesce(max(id), 0) from " + table + (where.isEmpty() ? "" : " where " + where));
    }

    private static long count(ThrowAwayDatabase db, String sql) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String secs(long t0) {
        return fmt((System.nanoTime() - t0) / 1e9);
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }

    static String now() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.now(ZoneOffset.UTC).withNano(0));
    }
}
