package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.cityhub.store.CaseStore;
import org.cityhub.store.RawArchive;
import org.cityhub.support.HubHome;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The http-poll shape against a real HTTP server on loopback (the JDK's), which serves a department's
 * "changed since" endpoint with paging and an API key, and can be taken down, slowed or broken.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HttpPollIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    static final List<ObjectNode> records = new CopyOnWriteArrayList<>();
    static final AtomicInteger failNext = new AtomicInteger();
    static final AtomicInteger slowNext = new AtomicInteger();
    static final AtomicInteger garbageNext = new AtomicInteger();
    static final AtomicInteger served500 = new AtomicInteger();
    static final AtomicInteger unauthorised = new AtomicInteger();
    static volatile HttpServer server;
    static int port;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        for (int i = 0; i < 23; i++) {
            records.add(record("RS" + String.format("%04d", i), LocalDateTime.now().minusDays(30).plusHours(i)));
        }
        start(0);
        HubHome home = HubHome.create().connector("social", """
                department:
                  code: social
                  name: 人力资源和社会保障局
                  region: "500102"
                sources:
                  - name: cases
                    template: http-poll
                    mapping: civil/case
                    parameters:
                      url: "http://127.0.0.1:%d/api/cases/changed"
                      recordsPointer: /data/list
                      totalPointer: /data/total
                      watermarkField: 更新时间
                      keyField: 办件编号
                      pageSize: 5
                      period: 300
                      timeout: 1000
                      retries: 2
                      authHeader: X-Api-Key
                      authValue: ${SOCIAL_API_KEY}
                """.formatted(port));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", () -> tempDir());
        registry.add("cityhub.demo.enabled", () -> "false");
        registry.add("SOCIAL_API_KEY", () -> "s3cret-key");
    }

    private static String tempDir() {
        try {
            return Files.createTempDirectory("cityhub-http").toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode record(String no, LocalDateTime changed) {
        ObjectNode r = JSON.createObjectNode();
        r.put("办件编号", no);
        r.put("事项名称", "失业保险金申领");
        r.put("申请单位", "王建华");
        r.put("证件类型", "身份证");
        r.put("证件号码", "11010519491231002X");
        r.put("申请时间", changed.minusHours(1).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")));
        r.put("办理状态", "待受理");
        r.put("更新时间", changed.format(STAMP));
        return r;
    }

    static void start(int onPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", onPort), 0);
        server.createContext("/api/cases/changed", HttpPollIT::serve);
        server.start();
        port = server.getAddress().getPort();
    }

    static void serve(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"s3cret-key".equals(ex.getRequestHeaders().getFirst("X-Api-Key"))) {
                unauthorised.incrementAndGet();
                respond(ex, 401, "{\"error\":\"unauthorised\"}");
                return;
            }
            if (slowNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            }
            if (failNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                served500.incrementAndGet();
                respond(ex, 500, "数据库繁忙");
                return;
            }
            if (garbageNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                respond(ex, 200, "{\"data\": {\"list\": [ {\"办件编号\": ");
                return;
            }
            Map<String, String> q = query(ex.getRequestURI());
            String since = q.get("since");
            int page = Integer.parseInt(q.get("page"));
            int size = Integer.parseInt(q.get("pageSize"));
            List<ObjectNode> changed = records.stream().filter(r -> r.get("更新时间").asText().compareTo(since) >= 0)
                    .sorted((a, b) -> a.get("更新时间").asText().compareTo(b.get("更新时间").asText())).toList();
            ObjectNode body = JSON.createObjectNode();
            ObjectNode data = body.putObject("data");
            data.put("total", changed.size());
            ArrayNode list = data.putArray("list");
            changed.stream().skip((long) (page - 1) * size).limit(size).forEach(list::add);
            respond(ex, 200, JSON.writeValueAsString(body));
        }
    }

    static Map<String, String> query(URI uri) {
        return java.util.Arrays.stream(uri.getRawQuery().split("&")).map(kv -> kv.split("=", 2))
                .collect(Collectors.toMap(kv -> kv[0], kv -> java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8)));
    }

    static void respond(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterAll
    static void stop() {
        server.stop(0);
    }

    @Autowired
    CaseStore cases;
    @Autowired
    RawArchive archive;
    @Autowired
    CamelContext camel;
    @Autowired
    ConnectorRegistry registry;

    private void awaitCase(String no) {
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.findByDepartmentCase("social", no).isPresent());
    }

    @Test
    void pagesThroughTheWholeHistoryWithTheApiKey() {
        for (int i = 0; i < 23; i++) {
            awaitCase("RS" + String.format("%04d", i));
        }
        assertThat(unauthorised.get()).isZero();
    }

    @Test
    void repollingTheOverlapQueuesNothingTwice() {
        awaitCase("RS0022");
        long archived = archive.count("social");
        NotifyBuilder polls = new NotifyBuilder(camel).fromRoute("social-cases-poll").whenCompleted(3).create();
        assertThat(polls.matches(20, TimeUnit.SECONDS)).isTrue();
        assertThat(archive.count("social")).isEqualTo(archived);
    }

    @Test
    void anOutageLosesNothingAndPollingResumesByItself() throws IOException {
        awaitCase("RS0022");
        server.stop(0);
        records.add(record("RS-OUTAGE-1", LocalDateTime.now()));
        HttpPollSource source = registry.source("social", "cases", HttpPollSource.class).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> source.lastError() != null);
        assertThat(source.lastError()).contains("cannot reach");
        start(port);
        awaitCase("RS-OUTAGE-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> source.lastError() == null);
    }

    @Test
    void aServerErrorAndASlowAnswerAreRetriedWithinThePoll() {
        awaitCase("RS0022");
        int before = served500.get();
        failNext.set(1);
        slowNext.set(1);
        records.add(record("RS-RETRY-1", LocalDateTime.now()));
        awaitCase("RS-RETRY-1");
        assertThat(served500.get()).isEqualTo(before + 1);
    }

    @Test
    void aMalformedAnswerIsReportedAndTheNextPollTakesTheRecords() {
        awaitCase("RS0022");
        HttpPollSource source = registry.source("social", "cases", HttpPollSource.class).orElseThrow();
        garbageNext.set(1);
        records.add(record("RS-GARBLED-1", LocalDateTime.now()));
        awaitCase("RS-GARBLED-1");
        assertThat(garbageNext.get()).as("the broken answer was served").isZero();
        assertThat(source.lastError()).isNull();
    }
}
