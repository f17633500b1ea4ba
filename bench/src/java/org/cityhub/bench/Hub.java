package org.cityhub.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One hub as its own operating-system process, started the way an operator starts it: {@code java -jar
 * target/cityhub.jar} when the jar is there (the full benchmark), else the same main class on the test
 * class path (the smoke run inside {@code mvn verify}, before the jar is packaged). Its output goes to a log
 * file; ready means {@code /actuator/health} answers 200.
 */
public final class Hub implements AutoCloseable {

    /** The demo's all-roles client (README, "Permissions"): the benchmark hubs run with the demo clients on. */
    static final String API_KEY = "demo-admin-key";

    private final Process process;
    private final int port;
    private final Path log;
    private final long startedNanos;
    private long readyNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private Hub(Process process, int port, Path log, long startedNanos) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.startedNanos = startedNanos;
    }

    /**
     * @param jvmArgs e.g. -Xmx512m
     * @param args    Spring Boot arguments (--key=value); the server port is added
     */
    public static Hub start(Path jar, List<String> jvmArgs, List<String> args, Path log) throws IOException {
        int port = freePort();
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        // e.g. BENCH_HUB_JAVA_OPTS="-XX:StartFlightRecording=settings=profile,filename=/tmp/jfr/" to profile every hub
        String extra = System.getenv("BENCH_HUB_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            cmd.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        if (jar != null && Files.isRegularFile(jar)) {
            cmd.add("-jar");
            cmd.add(jar.toString());
        } else {
            // the test class path, less the test classes: the hub sees only what its jar would hold
            String cp = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
                    .collect(Collectors.joining(File.pathSeparator));
            cmd.add("-cp");
            cmd.add(cp);
            cmd.add("org.cityhub.CityHubApplication");
        }
        cmd.add("--server.port=" + port);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("CITYHUB_DEMO", "false");
        long t0 = System.nanoTime();
        Process p = pb.start();
        return new Hub(p, port, log, t0);
    }

    /** Waits until /actuator/health answers 200; returns seconds from the process start. */
    public double awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("hub exited with " + process.exitValue() + " before it was ready; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/actuator/health")))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    readyNanos = System.nanoTime();
                    return (readyNanos - startedNanos) / 1e9;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("hub not ready within " + timeout + "; see " + log);
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /** Resident set size in MB, from /proc/&lt;pid&gt;/status (VmRSS). */
    public double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return Double.NaN;
    }

    /** The first line of a mapping in /proc/&lt;pid&gt;/smaps: its address range. */
    private static final java.util.regex.Pattern MAPPING = java.util.regex.Pattern.compile("[0-9a-f]+-[0-9a-f]+ ");

    /**
     * Resident MB of the mappings of files whose name ends with {@code suffix} (e.g. ".jsa", the class-data-sharing
     * archive), from /proc/&lt;pid&gt;/smaps. Shared between JVMs only while clean: a JVM that relocates the archive
     * (JDK 17's default, ArchiveRelocationMode=1) makes its pages private.
     */
    public double mappedRssMb(String suffix) {
        try {
            long kb = 0;
            boolean in = false;
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(process.pid()), "smaps"))) {
                if (MAPPING.matcher(line).lookingAt()) {
                    // a mapping's first line: address range, permissions, offset, device, inode, path (if a file)
                    String[] f = line.trim().split("\\s+");
                    in = f.length >= 6 && f[f.length - 1].endsWith(suffix);
                } else if (in && line.startsWith("Rss:")) {
                    kb += Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
            return kb / 1024.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** CPU seconds (user + system) the hub process has used so far, from /proc/&lt;pid&gt;/stat. */
    public double cpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(process.pid()), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of stat (utime, stime), counted after the command name: index 11 and 12
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    public String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(300)).header("X-Api-Key", Hub.API_KEY).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /**
     * Posts an admin action; a 404 (the department's connector file is registered in the store just after the
     * web server answers health) is retried for up to 30 s.
     */
    public String post(String path, String json) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return postOnce(path, json);
            } catch (IllegalStateException e) {
                if (!e.getMessage().contains(" answered 404") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private String postOnce(String path, String json) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json").header("X-Cityhub-Caller", "bench").header("X-Api-Key", Hub.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException("POST " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
