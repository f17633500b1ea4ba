package org.cityhub.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP load driver when Debian's {@code wrk} is installed: a closed loop of {@code clients} keep-alive connections
 * on 2 threads, written in C, which spends a small fraction of the CPU per request the Java driver ({@link Load})
 * spends; on a 2-core machine the driver shares the cores with the hub, so a cheap driver is what lets the hub's
 * own ceiling show. Requests come from a Lua script: a GET over a list of paths, or a POST of bodies from a list.
 * The warm-up is a first run of its own; the measured window a second one, with its CPU accounted like {@link Load}'s.
 */
final class Wrk {

    private static final Path WRK = Path.of("/usr/bin/wrk");

    private Wrk() {
    }

    static boolean available() {
        return Files.isExecutable(WRK);
    }

    /**
     * Closed-loop GETs of {@code baseUrl + paths[i]}, or POSTs of {@code bodies[i]} to {@code baseUrl} when bodies is not
     * null, {@code i} running over the list from a different start on each thread.
     */
    static Load.Result run(int clients, Duration warmUp, Duration window, String baseUrl, List<String> paths, List<String> bodies,
                           List<String> headers, long server, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(workDir);
        Path items = Files.createTempFile(workDir, "wrk-items", ".txt");
        Files.write(items, bodies != null ? bodies : paths, StandardCharsets.UTF_8);
        StringBuilder lua = new StringBuilder();
        lua.append("local items = {}\nfor line in io.lines(\"").append(items).append("\") do items[#items + 1] = line end\n");
        lua.append("local n = 0\nlocal threads = 0\n");
        lua.append("function setup(thread) threads = threads + 1; thread:set(\"start\", threads * 7919) end\n");
        lua.append("function init(args) n = start end\n");
        lua.append("local headers = {}\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            lua.append("headers[\"").append(headers.get(i)).append("\"] = \"").append(headers.get(i + 1).replace("\"", "\\\"")).append("\"\n");
        }
        lua.append("function request()\n  n = n + 1\n  local item = items[(n % #items) + 1]\n");
        if (bodies != null) {
            lua.append("  return wrk.format(\"POST\", nil, headers, item)\n");
        } else {
            lua.append("  return wrk.format(\"GET\", item, headers)\n");
        }
        lua.append("end\n");
        lua.append("function done(summary, latency, requests)\n"
                + "  io.write(string.format(\"CITYHUB %d %d %d %d %.0f %.0f\\n\", summary.requests, summary.errors.connect + summary.errors.read"
                + " + summary.errors.write + summary.errors.timeout, summary.errors.status, summary.duration, latency:percentile(50),"
                + " latency:percentile(99)))\nend\n");
        Path script = Files.createTempFile(workDir, "wrk", ".lua");
        Files.writeString(script, lua.toString());
        if (!warmUp.isZero()) {
            wrk(clients, warmUp, baseUrl, script);
        }
        MachineCpu.Snapshot cpu0 = MachineCpu.now(server);
        String out = wrk(clients, window, baseUrl, script);
        MachineCpu.Snapshot cpu = MachineCpu.now(server).since(cpu0);
        Matcher m = Pattern.compile("CITYHUB (\\d+) (\\d+) (\\d+) (\\d+) (\\d+) (\\d+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("wrk gave no summary: " + out);
        }
        long requests = Long.parseLong(m.group(1));
        long errors = Long.parseLong(m.group(2)) + Long.parseLong(m.group(3));
        double seconds = Long.parseLong(m.group(4)) / 1e6;
        return new Load.Result(requests, errors, seconds, requests / seconds, Double.parseDouble(m.group(5)) / 1000,
                Double.parseDouble(m.group(6)) / 1000, cpu);
    }

    private static String wrk(int clients, Duration d, String url, Path script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(WRK.toString(), "-t2", "-c" + clients, "-d" + d.toSeconds() + "s", "--timeout", "30s",
                "-s", script.toString(), url).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(d.toSeconds() + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    /** Which driver ran, for the report. */
    static String name() {
        return available() ? "wrk (" + WRK + ", 2 threads)" : "the Java driver (java.net.http, one thread per client)";
    }

}
