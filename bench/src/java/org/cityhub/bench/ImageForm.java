package org.cityhub.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JVM options of the hub as its Docker image runs it, read from the repository so that the bench measures what
 * ships: {@code JAVA_OPTS} of docker/Dockerfile (the heap as a share of the container's memory, G1, ...) and the memory
 * the JVM sees in its container, the hub's {@code mem_limit} in docker/compose.yaml, given as {@code -XX:MaxRAM} (the
 * JVM sizes its heap from the container's limit exactly as from {@code MaxRAM}). Without it, a JVM on the 24 GB bench
 * machine would size the heap as if it had the whole machine: up to 6 GB of it, the first 384 MB committed from the start.
 */
record ImageForm(List<String> javaOpts, String memLimit) {

    private static final Pattern JAVA_OPTS = Pattern.compile("^\\s*JAVA_OPTS=\"([^\"]*)\"", Pattern.MULTILINE);
    private static final Pattern MEM_LIMIT = Pattern.compile("^\\s*mem_limit:\\s*(\\d+[kmg])\\s*$", Pattern.MULTILINE);

    /** Reads docker/Dockerfile and docker/compose.yaml of the repository at {@code root}; fails naming what it missed. */
    static ImageForm read(Path root) throws IOException {
        Path dockerfile = root.resolve("docker/Dockerfile");
        Matcher opts = JAVA_OPTS.matcher(Files.readString(dockerfile));
        if (!opts.find()) {
            throw new IllegalStateException(dockerfile + ": no JAVA_OPTS=\"...\" line in its ENV");
        }
        Path compose = root.resolve("docker/compose.yaml");
        String text = Files.readString(compose);
        // the hub's service is the one built from docker/Dockerfile; its mem_limit is the first after that line
        int hub = text.indexOf("dockerfile: docker/Dockerfile");
        Matcher limit = MEM_LIMIT.matcher(text);
        if (hub < 0 || !limit.find(hub)) {
            throw new IllegalStateException(compose + ": no mem_limit for the service built from docker/Dockerfile");
        }
        return new ImageForm(Arrays.asList(opts.group(1).trim().split("\\s+")), limit.group(1));
    }

    /**
     * The garbage collector JAVA_OPTS chooses ({@code -XX:+Use...GC}), for the hubs the bench starts with a heap of its
     * own (migration, scale-out): they run the collector that ships, in a heap sized for their benchmark.
     */
    List<String> collector() {
        return javaOpts.stream().filter(o -> o.startsWith("-XX:+Use") && o.endsWith("GC")).toList();
    }

    /** The options for a hub with a heap of its own ({@code maxHeap}, e.g. -Xmx512m) and the image's collector. */
    List<String> ownHeap(String maxHeap) {
        List<String> args = new ArrayList<>(List.of(maxHeap));
        args.addAll(collector());
        return args;
    }

    /** The options for a hub started on this machine: JAVA_OPTS, heap dumps into {@code data}, the container's memory. */
    List<String> jvmArgs(Path data) {
        List<String> args = new ArrayList<>();
        for (String o : javaOpts) {
            args.add(o.startsWith("-XX:HeapDumpPath=") ? "-XX:HeapDumpPath=" + data : o);
        }
        args.add("-XX:MaxRAM=" + memLimit);
        return args;
    }
}
