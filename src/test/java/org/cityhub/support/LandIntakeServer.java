package org.cityhub.support;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

/**
 * The land bureau's reworked system as an {@code http-call} target reaches it: a loopback HTTP server taking
 * cases at {@code POST /api/cases} (the record of {@code mappings/land/case-out}), answering 201 with its own case
 * number at {@code /data/ywlsh}. It counts what it receives by supervision code (the record's {@code JGM}), so a
 * test can tell a case delivered once from one delivered twice.
 */
public final class LandIntakeServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final Map<String, AtomicInteger> received = new ConcurrentHashMap<>();
    private final AtomicInteger numbers = new AtomicInteger();

    /** Listening on {@code port} of the loopback address (0: any free port). */
    public static LandIntakeServer start(int port) throws IOException {
        return new LandIntakeServer(port);
    }

    private LandIntakeServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/cases", ex -> {
            try (ex) {
                JsonNode row = JSON.readTree(ex.getRequestBody().readAllBytes());
                received.computeIfAbsent(row.path("JGM").asText(), k -> new AtomicInteger()).incrementAndGet();
                byte[] body = ("{\"data\":{\"ywlsh\":\"GT-H-" + numbers.incrementAndGet() + "\"}}").getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(201, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** How many times the case with {@code supervisionCode} was received. */
    public int received(String supervisionCode) {
        AtomicInteger n = received.get(supervisionCode);
        return n == null ? 0 : n.get();
    }

    /** Every case received, however often. */
    public int total() {
        return received.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
