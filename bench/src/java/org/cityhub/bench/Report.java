package org.cityhub.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cityhub.support.ThrowAwayDatabase;

/** The table of figures against the targets, and BENCHMARKS.md around it. */
final class Report {

    private Report() {
    }

    record Row(String benchmark, String figure, String value, String target, String verdict) {
    }

    static List<Row> rows(Bench.Config c, Bench.Results r) {
        List<Row> rows = new ArrayList<>();
        Stats e2e = r.get("ingest.e2e");
        rows.add(new Row("1 ingest (" + c.ingestRows() + " rows)", "end to end, cases/s", e2e.format(0), "≥ 5,000", atLeast(e2e, 5000)));
        rows.add(new Row("", "raw floor (JDBC read + batched insert), rows/s", r.get("ingest.floor").format(0), "baseline", ""));
        Stats ratio = r.get("ingest.ratio");
        rows.add(new Row("", "end to end / raw floor (same round)", pct(ratio), "≥ 50%", atLeast(ratio, 0.5)));
        rows.add(new Row("", "mapping + validation alone, one thread, records/s", r.get("ingest.mappingAlone").format(0),
                "ceiling ×2 cores", ""));
        rows.add(new Row("", "end to end / that ceiling (same round)", pct(r.get("ingest.ofMappingCeiling")), "", ""));
        rows.add(new Row("", "hub CPU per case, ms", r.get("ingest.hubCpuMsPerCase").format(2), "", ""));
        rows.add(new Row("", "machine CPU busy during the ingest (all cores)", pct(r.get("ingest.machineBusy")), "", ""));
        rows.add(new Row("", "CPU per case, ms: PostgreSQL; MariaDB; the rest (driver, OS); all", r.get("ingest.cpuMsPerCase.postgres").format(2)
                + "; " + r.get("ingest.cpuMsPerCase.mariadb").format(2) + "; " + r.get("ingest.cpuMsPerCase.rest").format(2) + "; "
                + r.get("ingest.cpuMsPerCase.all").format(2), "", ""));
        rows.add(new Row("", "CPU ceiling: cores / CPU per case, cases/s", r.get("ingest.cpuCeiling").format(0), "", ""));
        rows.add(new Row("", "the second half alone (the hub warmed up), cases/s; its CPU per case, ms: hub; PostgreSQL; all",
                r.get("ingest.secondHalf").format(0) + "; " + r.get("ingest.secondHalf.hubCpuMsPerCase").format(2) + "; "
                        + r.get("ingest.secondHalf.postgresCpuMsPerCase").format(2) + "; "
                        + r.get("ingest.secondHalf.allCpuMsPerCase").format(2), "", ""));
        rows.add(new Row("", "work floor: the same rows read, archived, queued on a persistent Artemis, mapped, validated and stored"
                + " with their first version by plain code (4 consumers, batches of 200), cases/s", r.get("ingest.workFloor").format(0),
                "baseline", ""));
        rows.add(new Row("", "end to end / work floor (same round)", pct(r.get("ingest.ofWorkFloor")), "", ""));
        rows.add(new Row("", "work floor's CPU: machine busy; ms per case: its code (broker included); PostgreSQL; all",
                pct(r.get("ingest.workFloor.machineBusy")) + "; " + r.get("ingest.workFloor.cpuMsPerCase.floor").format(2) + "; "
                        + r.get("ingest.workFloor.cpuMsPerCase.postgres").format(2) + "; "
                        + r.get("ingest.workFloor.cpuMsPerCase.all").format(2), "", ""));
        Stats feed = r.get("feed.casesPerSecond");
        rows.add(new Row("2 platform pull", "feed, after= pages of 500, cases/s", feed.format(0), "≥ 20,000", atLeast(feed, 20000)));
        Stats rps = r.get("lookup.rps");
        rows.add(new Row("", "GET /api/v1/cases/{code}, " + c.lookupClients() + " clients, req/s", rps.format(0), "≥ 5,000",
                atLeast(rps, 5000)));
        rows.add(new Row("", "lookup p50, ms", r.get("lookup.p50").format(2), "", ""));
        Stats p99 = r.get("lookup.p99");
        rows.add(new Row("", "lookup p99, ms", p99.format(2), "≤ 20 ms", atMost(p99, 20)));
        rows.add(cpuRow(r, "lookup", "lookups"));
        rows.add(new Row("", "floor: the same GETs to a bare servlet (one read by key, the stored case written): req/s; p50; p99 ms",
                r.get("lookup.bare.rps").format(0) + "; " + r.get("lookup.bare.p50").format(2) + "; " + r.get("lookup.bare.p99").format(2),
                "baseline", ""));
        rows.add(new Row("", "hub / that floor (same round)", pct(r.get("lookup.ofBare")), "", ""));
        rows.add(cpuRow(r, "lookup.bare", "floor's lookups", "the harness (bare servlet)"));
        rows.add(new Row("3 call-out (" + c.calloutClients() + " clients)", "direct to the CXF stub: req/s; p50; p99 ms",
                r.get("callout.direct.rps").format(0) + "; " + r.get("callout.direct.p50").format(2) + "; "
                        + r.get("callout.direct.p99").format(2), "baseline", ""));
        rows.add(new Row("", "floor: through a bare servlet (JSON in, SOAP to the stub and back, JSON out): req/s; p50; p99 ms",
                r.get("callout.bare.rps").format(0) + "; " + r.get("callout.bare.p50").format(2) + "; "
                        + r.get("callout.bare.p99").format(2), "baseline", ""));
        rows.add(new Row("", "that floor: added latency p50; p99 ms; throughput floor / direct (same round)",
                r.get("callout.bare.added.p50").format(2) + "; " + r.get("callout.bare.added.p99").format(2) + "; "
                        + pct(r.get("callout.bare.ratio")), "", ""));
        rows.add(new Row("", "through the hub: req/s; p50; p99 ms", r.get("callout.hub.rps").format(0) + "; "
                + r.get("callout.hub.p50").format(2) + "; " + r.get("callout.hub.p99").format(2), "", ""));
        Stats a50 = r.get("callout.added.p50");
        rows.add(new Row("", "added latency p50, ms", a50.format(2), "≤ 1 ms", atMost(a50, 1)));
        Stats a99 = r.get("callout.added.p99");
        rows.add(new Row("", "added latency p99, ms", a99.format(2), "≤ 5 ms", atMost(a99, 5)));
        Stats cr = r.get("callout.ratio");
        rows.add(new Row("", "throughput hub / direct (same round)", pct(cr), "≥ 70%", atLeast(cr, 0.7)));
        rows.add(new Row("", "throughput hub / floor (same round)", pct(r.get("callout.ofBare")), "", ""));
        rows.add(cpuRow(r, "callout.direct", "direct calls"));
        rows.add(cpuRow(r, "callout.bare", "calls through the floor", "the harness (bare servlet and stub)"));
        rows.add(cpuRow(r, "callout.hub", "calls through the hub"));
        Stats mig = r.get("migration.seconds");
        rows.add(new Row("4 migration (" + c.migrationRows() + " rows, -Xmx512m)", "migrated and reconciled, s", mig.format(1),
                "≤ 240 s", atMost(mig, 240)));
        rows.add(new Row("", "rows/s; peak RSS MB", r.get("migration.rowsPerSecond").format(0) + "; " + r.get("migration.rss").format(0),
                "heap ≤ 512 MB", r.counts.getOrDefault("migration.oom", 0L) == 0 && r.get("migration.seconds").count() > 0
                        ? "met (capped, no OOM)" : "MISSED"));
        Stats st = r.get("startup.seconds");
        rows.add(new Row("5 start-up, footprint", "java -jar cityhub.jar, the image's JAVA_OPTS in compose's mem_limit, no CDS archive → health 200, s", st.format(2), "≤ 8 s", atMost(st, 8)));
        Stats idle = r.get("rss.idle");
        rows.add(new Row("", "RSS idle, MB", idle.format(0), "≤ 400 MB", atMost(idle, 400)));
        Stats cds = r.get("startup.cds.seconds");
        rows.add(new Row("", "as the image starts it (jar unpacked, CDS archive; docker/cds-archive; the image's JAVA_OPTS in compose's mem_limit) → health 200, s",
                cds.format(2), "≤ 8 s", atMost(cds, 8)));
        Stats cdsIdle = r.get("rss.cds.idle");
        rows.add(new Row("", "that start-up: RSS idle, MB; of it the archive's pages, MB; archive built in, s",
                cdsIdle.format(0) + "; " + r.get("rss.cds.archive").format(0) + "; " + r.get("startup.cds.archiveSeconds").format(1),
                "≤ 400 MB", atMost(cdsIdle, 400)));
        rows.add(new Row("", "RSS peak under ingest load, MB", r.get("rss.load").format(0), "", ""));
        rows.add(new Row("6 scale-out (" + c.ingestRows() + " rows, " + ScaleOut.SOURCES + " sources)",
                "one node, standalone broker, cases/s", r.get("scaleout.one").format(0), "baseline", ""));
        rows.add(new Row("", "two nodes, same store and broker, cases/s", r.get("scaleout.two").format(0), "", ""));
        rows.add(new Row("", "two nodes / one (same round; both nodes on the same cores)", pct(r.get("scaleout.ratio")), "", ""));
        return rows;
    }

    /** The machine's busy share in a load window and the CPU per request of the hub, PostgreSQL and the driver. */
    private static Row cpuRow(Bench.Results r, String figure, String what) {
        return new Row("", "CPU during the " + what + ": machine busy; ms per request: hub; PostgreSQL; driver (clients, stub); all",
                pct(r.get(figure + ".machineBusy")) + "; " + r.get(figure + ".cpuMs.hub").format(3) + "; "
                        + r.get(figure + ".cpuMs.postgres").format(3) + "; " + r.get(figure + ".cpuMs.driver").format(3) + "; "
                        + r.get(figure + ".cpuMs.all").format(3), "", "");
    }

    /**
     * A floor's CPU row: the bare servlet runs in the harness's own JVM (with the stub and the Java driver), so its CPU
     * and the driver's are one figure.
     */
    private static Row cpuRow(Bench.Results r, String figure, String what, String server) {
        return new Row("", "CPU during the " + what + ": machine busy; ms per request: " + server + "; PostgreSQL; all",
                pct(r.get(figure + ".machineBusy")) + "; " + r.get(figure + ".cpuMs.hub").format(3) + "; "
                        + r.get(figure + ".cpuMs.postgres").format(3) + "; " + r.get(figure + ".cpuMs.all").format(3), "", "");
    }

    private static String pct(Stats s) {
        if (s.count() == 0) {
            return "n/a";
        }
        return String.format(Locale.ROOT, "%.0f%% (%.0f–%.0f%%, n=%d)", s.median() * 100, s.min() * 100, s.max() * 100, s.count());
    }

    private static String atLeast(Stats s, double target) {
        return s.count() == 0 ? "n/a" : s.median() >= target ? "met" : "MISSED";
    }

    private static String atMost(Stats s, double target) {
        return s.count() == 0 ? "n/a" : s.median() <= target ? "met" : "MISSED";
    }

    static String table(Bench.Config c, Bench.Results r) {
        StringBuilder b = new StringBuilder();
        b.append("| benchmark | figure | median (min–max, runs) | target | |\n|---|---|---|---|---|\n");
        for (Row row : rows(c, r)) {
            b.append("| ").append(row.benchmark).append(" | ").append(row.figure).append(" | ").append(row.value).append(" | ")
                    .append(row.target).append(" | ").append(row.verdict).append(" |\n");
        }
        return b.toString();
    }

    static String markdown(Bench.Config c, Bench.Results r, Instant started, Instant finished) throws Exception {
        StringBuilder b = new StringBuilder();
        b.append("# CityHub benchmarks\n\n");
        b.append("Generated by `bench/run` (see [bench/README.md](bench/README.md)) on ").append(Bench.now())
                .append(", taking ").append(Duration.between(started, finished).toMinutes()).append(" min. ");
        b.append("Every figure is the median of the runs shown, with min–max; every ratio is computed within one round "
                + "(the baseline and the hub measured back to back on the same machine) and its median taken.\n\n");
        b.append("## Machine and versions\n\n");
        for (String line : machine()) {
            b.append("- ").append(line).append('\n');
        }
        b.append("\nThe load driver, the SOAP stub, PostgreSQL and MariaDB all run on the same 2 cores as the hub; the notes"
                + " below say what else ran on the machine during the run. The scale-out's second node (6) adds a process,"
                + " not cores: both nodes, the broker and the databases share the same cores, so its ratio is not what a second"
                + " machine would give.\n\n");
        b.append("## Results\n\n").append(table(c, r)).append('\n');
        b.append("## Counts (sanity: rows offered = rows stored)\n\n| count | value |\n|---|---|\n");
        r.counts.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
        b.append("\n## Every run\n\n| figure | runs |\n|---|---|\n");
        r.figures.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v.values().stream()
                .map(Bench::fmt).toList()).append(" |\n"));
        Path notes = Path.of("bench/NOTES.md");
        if (Files.isRegularFile(notes)) {
            b.append('\n').append(Files.readString(notes));
        }
        return b.toString();
    }

    static List<String> machine() {
        List<String> lines = new ArrayList<>();
        lines.add("CPU: " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel());
        lines.add("RAM: " + memTotal());
        lines.add("OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version"));
        lines.add("Java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
                + " (the hub runs on the same JVM: benchmarks 1-3 and 5 with the image's JAVA_OPTS in compose's mem_limit, 4 and 6 with the heap noted and the image's collector)");
        lines.add("The harness's JVM (the floors, the stub, the Java driver): " + String.join(" ",
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                        .filter(a -> a.startsWith("-X")).toList()));
        lines.add("HTTP load driver (lookups, call-outs): " + Wrk.name());
        lines.add("PostgreSQL: " + version(ThrowAwayDatabase.POSTGRES_ADMIN_URL, "postgres", "show server_version"));
        lines.add("MariaDB (legacy front databases): " + version(ThrowAwayDatabase.MARIADB_ADMIN_URL, "root", "select version()"));
        lines.add("Spring Boot " + org.springframework.boot.SpringBootVersion.getVersion() + ", Camel " + jarVersion("camel-core-engine")
                + ", Artemis " + jarVersion("artemis-server") + " (embedded, persistent journal), CXF " + jarVersion("cxf-core"));
        return lines;
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String memTotal() {
        try {
            String l = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(x -> x.startsWith("MemTotal")).findFirst().orElse("");
            long kb = Long.parseLong(l.replaceAll("\\D", ""));
            return String.format(Locale.ROOT, "%.1f GB", kb / 1024.0 / 1024.0);
        } catch (Exception e) {
            return "?";
        }
    }

    private static String version(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (Exception e) {
            return "?";
        }
    }

    private static String jarVersion(String artifact) {
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            if (name.startsWith(artifact + "-") && name.endsWith(".jar")) {
                return name.substring(artifact.length() + 1, name.length() - 4);
            }
        }
        return "?";
    }
}
