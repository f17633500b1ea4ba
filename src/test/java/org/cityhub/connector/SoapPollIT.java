package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMResult;
import javax.xml.transform.dom.DOMSource;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.cxf.Bus;
import org.apache.cxf.binding.soap.Soap11;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.jaxws.EndpointImpl;
import org.cityhub.demo.DrugAdministrationLegacyDb;
import org.cityhub.demo.DrugAdministrationService;
import org.cityhub.store.CaseStore;
import org.cityhub.store.RawArchive;
import org.cityhub.store.StoredCase;
import org.cityhub.store.Watermarks;
import org.cityhub.support.HubHome;
import org.cityhub.support.Queues;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import jakarta.jms.Message;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;

/**
 * The {@code soap-poll} shape end to end against a real CXF SOAP server: the drug administration's legacy
 * service ({@link DrugAdministrationService} over an H2 database, behind a wrapper that can fault) published
 * on the test hub's own CXF servlet at {@code /services/demo/test/drug}, with a servlet filter in front that can
 * make it slow, unavailable or answer garbage. Records are polled, archived and queued on the embedded
 * Artemis broker, mapped and stored (H2 store in a temporary data directory) and served by the API.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SoapPollIT {

    static final String DB_URL = "jdbc:h2:mem:soappoll-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    static final int TIMEOUT_MS = 1500;
    static final int SEEDED = 30;
    static final Map<String, String> STATUS = Map.of("1", "ACCEPTED", "2", "IN_REVIEW", "3", "CORRECTION_REQUESTED",
            "4", "APPROVED", "5", "DENIED", "6", "COMPLETED");

    /** Cases a test made unmappable on purpose: they never reach the store. */
    static final java.util.Set<String> DEAD_LETTERED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static final Logger SOURCE_LOG = (Logger) LoggerFactory.getLogger(SoapPollSource.class);
    static final CapturedLog LOGS = new CapturedLog();

    /** A log appender safe to read while the poll thread writes. */
    static final class CapturedLog extends ch.qos.logback.core.AppenderBase<ILoggingEvent> {
        final List<ILoggingEvent> list = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent e) {
            list.add(e);
        }
    }

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        HubHome home = HubHome.create().connector("drug", """
                department:
                  code: drug
                  name: 重庆市涪陵区食品药品监督管理局
                  region: "500102"
                sources:
                  - name: cases
                    template: soap-poll
                    mapping: drug/case
                    parameters:
                      wsdl: connectors/drug/YpjgSpService.wsdl
                      address: "http://127.0.0.1:${local.server.port}/services/demo/test/drug"
                      operation: cxBjxxByGxsj
                      request: |
                        <ns2:cxBjxxByGxsj xmlns:ns2="http://ws.ypjgsp.fl.cq.gov.cn/">
                          <kssj>\\${since}</kssj><ym>\\${page}</ym><mysl>\\${pageSize}</mysl>
                        </ns2:cxBjxxByGxsj>
                      recordElement: bjxx
                      totalElement: zs
                      keyField: ywlsh
                      ignoredFields: ["@xh"]
                      watermarkField: gxsj
                      overlap: PT10M
                      pageSize: 7
                      period: 300
                      initialDelay: 500
                      timeout: %d
                      retries: 2
                      username: ypjg-hub
                      password: ${DRUG_WS_PASSWORD}
                """.formatted(TIMEOUT_MS))
                .connector("drugdown", """
                department:
                  code: drugdown
                  name: 停用的药监接口
                  region: "500102"
                sources:
                  - name: cases
                    template: soap-poll
                    mapping: drug/case
                    parameters:
                      wsdl: connectors/drug/YpjgSpService.wsdl
                      address: "http://127.0.0.1:%d/ypjgsp/services/YpjgSpService"
                      operation: cxBjxxByGxsj
                      request: "<ns2:cxBjxxByGxsj xmlns:ns2='http://ws.ypjgsp.fl.cq.gov.cn/'><kssj>\\\\${since}</kssj></ns2:cxBjxxByGxsj>"
                      recordElement: bjxx
                      watermarkField: gxsj
                      period: 300
                      timeout: 500
                      retries: 1
                """.formatted(deadPort()));
        Files.createDirectories(home.root().resolve("connectors/drug"));
        Files.copy(Path.of("connectors/drug/YpjgSpService.wsdl"), home.root().resolve("connectors/drug/YpjgSpService.wsdl"));
        Path data = Files.createTempDirectory("cityhub-soap-poll");
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
        // stands in for the environment variable an operator would set
        registry.add("DRUG_WS_PASSWORD", () -> "ypjg-s3cret");
    }

    /** A port nothing listens on: connections are refused. */
    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @BeforeAll
    static void startCapture() {
        LOGS.start();
    }

    @AfterAll
    static void releaseSourceLog() {
        SOURCE_LOG.detachAppender(LOGS);
        SOURCE_LOG.setLevel(null);
    }

    /** The department's side: its database, its service (with a fault switch), a troublesome network in front. */
    @TestConfiguration
    static class DrugDepartment {

        @Bean
        DrugAdministrationLegacyDb drugLegacyDb() {
            JdbcDataSource ds = new JdbcDataSource();
            ds.setURL(DB_URL);
            DrugAdministrationLegacyDb.createSchema(ds);
            DrugAdministrationLegacyDb db = new DrugAdministrationLegacyDb(ds, new Random(17), Clock.systemUTC());
            db.seed(SEEDED);
            return db;
        }

        @Bean
        ControllableDrugService controllableDrugService(DrugAdministrationLegacyDb db) {
            return new ControllableDrugService(new DrugAdministrationService(db));
        }

        @Bean(destroyMethod = "stop")
        EndpointImpl drugEndpoint(Bus bus, ControllableDrugService service) {
            EndpointImpl endpoint = new EndpointImpl(bus, service);
            endpoint.setWsdlLocation(Path.of("connectors/drug/YpjgSpService.wsdl").toUri().toString());
            endpoint.publish("/demo/test/drug");
            return endpoint;
        }

        @Bean
        TroubleFilter troubleFilter() {
            return new TroubleFilter();
        }

        @Bean
        FilterRegistrationBean<TroubleFilter> troubleFilterRegistration(TroubleFilter filter) {
            FilterRegistrationBean<TroubleFilter> r = new FilterRegistrationBean<>(filter);
            r.addUrlPatterns("/services/demo/test/drug", "/services/demo/test/drug/*");
            return r;
        }
    }

    /** The real service behind a switch that makes the next calls fail with a SOAP fault. */
    @WebServiceProvider(serviceName = "YpjgSpService", portName = "YpjgSpServicePort", targetNamespace = DrugAdministrationService.NS)
    @ServiceMode(Service.Mode.PAYLOAD)
    public static class ControllableDrugService implements Provider<Source> {
        final DrugAdministrationService real;
        final List<String> requests = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger faults = new AtomicInteger();
        volatile String faultString;

        ControllableDrugService(DrugAdministrationService real) {
            this.real = real;
        }

        @Override
        public Source invoke(Source request) {
            Element e = dom(request);
            JsonNode p = XmlRecords.toJson(e);
            requests.add(p.path("kssj").asText() + "/" + p.path("ym").asText() + "/" + p.path("mysl").asText());
            if (faults.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new SoapFault(faultString, Soap11.getInstance().getReceiver());
            }
            return real.invoke(new DOMSource(e));
        }

        private static Element dom(Source s) {
            try {
                DOMResult r = new DOMResult();
                TransformerFactory.newDefaultInstance().newTransformer().transform(s, r);
                return ((Document) r.getNode()).getDocumentElement();
            } catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        }
    }

    /** What the network between hub and department can do to the next SOAP calls. */
    static final class TroubleFilter implements Filter {
        final AtomicInteger slow = new AtomicInteger();
        final AtomicInteger unavailable = new AtomicInteger();
        final AtomicInteger garbled = new AtomicInteger();
        final AtomicInteger slowServed = new AtomicInteger();
        volatile String garbage = "";
        volatile String authorization;

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
            HttpServletRequest http = (HttpServletRequest) req;
            HttpServletResponse out = (HttpServletResponse) res;
            if ("POST".equals(http.getMethod())) {
                authorization = http.getHeader("Authorization");
                if (take(unavailable)) {
                    http.getInputStream().readAllBytes();
                    out.setStatus(503);
                    out.setContentType("text/html;charset=UTF-8");
                    out.getWriter().write("<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>");
                    return;
                }
                if (take(garbled)) {
                    http.getInputStream().readAllBytes();
                    out.setStatus(200);
                    out.setContentType("text/xml;charset=UTF-8");
                    out.getOutputStream().write(garbage.getBytes(StandardCharsets.UTF_8));
                    return;
                }
                if (take(slow)) {
                    slowServed.incrementAndGet();
                    try {
                        // the department's database is busy: the answer comes long after the hub's timeout
                        TimeUnit.MILLISECONDS.sleep(TIMEOUT_MS * 2L);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
            chain.doFilter(req, res);
        }

        private static boolean take(AtomicInteger counter) {
            return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
        }
    }

    @Autowired
    TestRestTemplate http;
    @Autowired
    ObjectMapper json;
    @Autowired
    CaseStore cases;
    @Autowired
    RawArchive archive;
    @Autowired
    Watermarks watermarks;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;
    @Autowired
    ConnectorRegistry registry;
    @Autowired
    DrugAdministrationLegacyDb legacy;
    @Autowired
    ControllableDrugService service;
    @Autowired
    EndpointImpl endpoint;
    @Autowired
    TroubleFilter network;

    private SoapPollSource source() {
        return registry.source("drug", "cases", SoapPollSource.class).orElseThrow();
    }

    @BeforeEach
    void healthyDepartment() {
        // every test starts from a source that answers (the history is in, no failure spell open)
        await().atMost(Duration.ofSeconds(60)).until(() -> source().lastError() == null
                && watermarks.get("drug", "cases").isPresent() && cases.countCases("drug") >= SEEDED);
        // attached here, not in @BeforeAll: Spring Boot re-initialises logging when the context starts
        if (!SOURCE_LOG.isAttached(LOGS)) {
            SOURCE_LOG.addAppender(LOGS);
        }
        SOURCE_LOG.setLevel(Level.DEBUG);
        LOGS.list.clear();
    }

    @AfterEach
    void healNetwork() {
        network.slow.set(0);
        network.unavailable.set(0);
        network.garbled.set(0);
        service.faults.set(0);
        if (endpoint.getServer() != null && !endpoint.getServer().isStarted()) {
            endpoint.getServer().start();
        }
    }

    private Map<String, Object> insert(String status) {
        Map<String, Object> row = legacy.newCase(status);
        legacy.insert(row);
        return row;
    }

    private StoredCase stored(Map<String, Object> row) {
        return cases.findByDepartmentCase("drug", (String) row.get("YWLSH")).orElse(null);
    }

    private StoredCase awaitStored(Map<String, Object> row) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> stored(row), c -> c != null);
    }

    private List<String> warnings() {
        return LOGS.list.stream().filter(e -> e.getLevel() == Level.WARN && e.getFormattedMessage().startsWith("drug-cases:"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private List<String> debugLines() {
        return LOGS.list.stream().filter(e -> e.getLevel() == Level.DEBUG && e.getFormattedMessage().startsWith("drug-cases:"))
                .map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void awaitPolls(int n) {
        NotifyBuilder polls = new NotifyBuilder(camel).fromRoute("drug-cases-poll").whenCompleted(n).create();
        assertThat(polls.matches(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void theHistoryArrivesPageByPageWithTheDepartmentsStatusesMapped() throws Exception {
        DrugAdministrationLegacyDb.Page all = legacy.changedSince("19900101000000", 1, 500);
        assertThat(all.rows()).hasSizeGreaterThanOrEqualTo(SEEDED);

        for (Map<String, Object> row : all.rows()) {
            if (DEAD_LETTERED.contains(row.get("YWLSH"))) {
                continue;
            }
            StoredCase c = awaitStored(row);
            assertThat(c.status()).as("case %s blzt %s", row.get("YWLSH"), row.get("BLZT")).isEqualTo(STATUS.get(row.get("BLZT")));
        }
        // the first poll asked for the whole history, and needed several pages of 7
        List<String> requests = List.copyOf(service.requests);
        assertThat(requests.get(0)).isEqualTo("19900101000000/1/7");
        assertThat(requests.stream().filter(r -> r.endsWith("/7")).distinct().count()).isGreaterThanOrEqualTo(SEEDED / 7);

        Map<String, Object> completed = all.rows().stream().filter(r -> "6".equals(r.get("BLZT"))).findFirst().orElseThrow();
        JsonNode served = json.readTree(http.getForObject("/api/v1/cases/" + stored(completed).supervisionCode(), String.class));
        assertThat(served.get("department").asText()).isEqualTo("drug");
        assertThat(served.get("status").asText()).isEqualTo("COMPLETED");
        assertThat(served.at("/application/itemName").asText()).isEqualTo(completed.get("SXMC"));
        assertThat(served.at("/application/applicant/idType").asText()).isIn("111", "001");
        assertThat(served.at("/application/materials").size()).isGreaterThanOrEqualTo(3);
        assertThat(served.at("/completion/certificateNo").asText()).isEqualTo(completed.get("ZSBH"));
        assertThat(served.at("/updatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+08:00");
        JsonNode page = json.readTree(http.getForObject("/api/v1/cases?department=drug&limit=500", String.class));
        assertThat(page.get("items").size()).isGreaterThanOrEqualTo(SEEDED);
    }

    @Test
    void moreRecordsWithOneChangeTimeThanAPageHoldsAreReadByPageNumber() {
        String sameSecond = legacy.nowText();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Map<String, Object> row = legacy.newCase("1");
            row.put("GXSJ", sameSecond);
            rows.add(row);
        }
        rows.forEach(legacy::insert);

        rows.forEach(this::awaitStored);
        assertThat(service.requests).anyMatch(r -> r.startsWith(sameSecond + "/2/"));
    }

    @Test
    void repollingTheOverlapCreatesNoDuplicates() {
        Map<String, Object> row = insert("2");
        awaitStored(row);
        long archived = archive.count("drug");
        long versions = cases.feed(0, 100_000, "drug", null).size();

        awaitPolls(4);

        assertThat(archive.count("drug")).isEqualTo(archived);
        assertThat(cases.feed(0, 100_000, "drug", null)).hasSize((int) versions);
        assertThat(stored(row).version()).isEqualTo(1);
    }

    @Test
    void aChangedCaseBecomesOneNewVersion() {
        Map<String, Object> row = insert("1");
        awaitStored(row);

        row.put("BLZT", "2");
        row.put("HJMC", "审核");
        row.put("BLR", "陈志刚");
        row.put("BLYJ", "材料审核中。");
        row.put("GXSJ", legacy.nowText());
        legacy.update(row);

        await().atMost(Duration.ofSeconds(30)).until(() -> stored(row).version() == 2);
        assertThat(stored(row).status()).isEqualTo("IN_REVIEW");
    }

    @Test
    void aCaseCommittedLateWithAnOlderChangeTimeInsideTheOverlapIsNotMissed() {
        Map<String, Object> early = insert("1");
        awaitStored(early);
        String mark = watermarks.get("drug", "cases").orElseThrow().value();
        Map<String, Object> late = legacy.newCase("1");
        late.put("GXSJ", DrugAdministrationLegacyDb.TIME.format(
                LocalDateTime.parse(mark, DrugAdministrationLegacyDb.TIME).minusMinutes(3)));
        legacy.insert(late);

        assertThat(awaitStored(late).version()).isEqualTo(1);
    }

    @Test
    void whileTheServiceIsDownNothingIsLostAndPollingResumesWhenItIsBack() {
        String markBefore = watermarks.get("drug", "cases").orElseThrow().value();
        endpoint.getServer().stop();
        String error = await().atMost(Duration.ofSeconds(30)).until(() -> source().lastError(), e -> e != null);
        assertThat(error).contains("HTTP 404");
        // written once the hub has seen the service down: a poll already inside the service when it stopped
        // could otherwise still read it
        Map<String, Object> row = insert("1");
        awaitPolls(3);
        assertThat(stored(row)).isNull();
        assertThat(watermarks.get("drug", "cases").orElseThrow().value()).isEqualTo(markBefore);
        assertThat(warnings()).hasSize(1).allSatisfy(w -> assertThat(w).contains("HTTP 404").contains("nothing lost"));

        endpoint.getServer().start();

        awaitStored(row);
        await().atMost(Duration.ofSeconds(10)).until(() -> source().lastError() == null);
        assertThat(LOGS.list).anySatisfy(e -> assertThat(e.getFormattedMessage()).contains("drug-cases: the department's SOAP service answers again"));
    }

    @Test
    void theServiceIsCalledWithHttpBasicAuthentication() {
        awaitPolls(1);

        assertThat(network.authorization).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("ypjg-hub:ypjg-s3cret".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aRefusedConnectionIsReportedAndTheDepartmentStaysActive() throws Exception {
        SoapPollSource down = registry.source("drugdown", "cases", SoapPollSource.class).orElseThrow();

        String error = await().atMost(Duration.ofSeconds(30)).until(down::lastError, e -> e != null);

        assertThat(error).contains("connection refused");
        assertThat(watermarks.get("drugdown", "cases")).isEmpty();
        JsonNode departments = json.readTree(http.getForObject("/api/v1/departments", String.class)).get("items");
        assertThat(departments).anySatisfy(d -> {
            assertThat(d.get("code").asText()).isEqualTo("drugdown");
            assertThat(d.get("connector").asText()).isEqualTo("RUNNING");
        });
    }

    @Test
    void aSlowAnswerBeyondTheTimeoutIsRetriedWithinThePoll() {
        network.slow.set(1);
        Map<String, Object> row = insert("1");

        awaitStored(row);

        assertThat(network.slowServed.get()).isPositive();
        assertThat(debugLines()).anySatisfy(l -> assertThat(l).contains("no answer within the timeout of " + TIMEOUT_MS + " ms")
                .contains("retry 1 of 2"));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aServiceSlowerThanEveryRetryFailsThePollWithoutLosingAnything() {
        // two whole polls (3 attempts each) time out; a poll already under way when the service slows down
        // may still move the watermark, so it is read once the first failure is seen
        network.slow.set(6);
        Map<String, Object> row = insert("1");

        await().atMost(Duration.ofSeconds(30)).until(() -> !warnings().isEmpty());
        assertThat(warnings()).anySatisfy(w -> assertThat(w).contains("no answer within the timeout"));
        String markDuringFailure = watermarks.get("drug", "cases").orElseThrow().value();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> debugLines().stream().filter(l -> l.contains("retry 2 of 2")).count() >= 2);
        assertThat(watermarks.get("drug", "cases").orElseThrow().value()).isEqualTo(markDuringFailure);

        awaitStored(row);
    }

    @Test
    void anHttp503IsRetriedWithinThePoll() {
        network.unavailable.set(1);
        Map<String, Object> row = insert("1");

        awaitStored(row);

        assertThat(debugLines()).anySatisfy(l -> assertThat(l).contains("HTTP 503").contains("retry 1 of 2"));
        assertThat(warnings()).isEmpty();
    }

    @Test
    void aSoapFaultIsLoggedWithItsFaultStringNotRetriedAndTheNextPollIsFine() {
        service.faultString = "系统繁忙: 数据库连接池已满, 请稍后重试";
        service.faults.set(1);
        Map<String, Object> row = insert("1");

        awaitStored(row);

        assertThat(warnings()).hasSize(1).allSatisfy(w -> assertThat(w).contains("SOAP fault").contains("Server")
                .contains("系统繁忙: 数据库连接池已满, 请稍后重试"));
        assertThat(debugLines()).noneMatch(l -> l.contains("SOAP fault"));
        assertThat(source().lastError()).isNull();
    }

    @Test
    void aMalformedAnswerIsSurvivedAndNothingIsLost() {
        String markBefore = watermarks.get("drug", "cases").orElseThrow().value();
        network.garbage = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                + "<soap:Body><ns2:cxBjxxByGxsjResponse xmlns:ns2=\"http://ws.ypjgsp.fl.cq.gov.cn/\"><zs>3</zs><bjxx xh=\"1\">"
                + "<ywlsh>YJ2026110300012</ywlsh><sqr>张三</sqr";
        network.garbled.set(1);
        Map<String, Object> row = insert("1");

        await().atMost(Duration.ofSeconds(30)).until(() -> !warnings().isEmpty());
        assertThat(warnings().get(0)).contains("malformed answer");
        assertThat(watermarks.get("drug", "cases").orElseThrow().value()).isEqualTo(markBefore);

        awaitStored(row);
        assertThat(cases.findByDepartmentCase("drug", "YJ2026110300012")).isEmpty();
    }

    @Test
    void anAnswerWithAnExternalEntityIsRefusedAndNothingOfTheFileAppears() {
        network.garbage = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<ns2:cxBjxxByGxsjResponse xmlns:ns2=\"http://ws.ypjgsp.fl.cq.gov.cn/\"><zs>1</zs><bjxx xh=\"1\">"
                + "<ywlsh>YJ2026110399999</ywlsh><sqr>&e;</sqr><gxsj>20990101000000</gxsj></bjxx>"
                + "</ns2:cxBjxxByGxsjResponse></soap:Body></soap:Envelope>";
        network.garbled.set(1);
        Map<String, Object> row = insert("1");

        await().atMost(Duration.ofSeconds(30)).until(() -> !warnings().isEmpty());
        awaitStored(row);

        assertThat(warnings().get(0)).contains("answer refused").contains("DTD");
        assertThat(LOGS.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("root:"));
        assertThat(cases.findByDepartmentCase("drug", "YJ2026110399999")).isEmpty();
        assertThat(watermarks.get("drug", "cases").orElseThrow().value()).doesNotStartWith("2099");
    }

    @Test
    void anAnswerWithAnEntityBombIsRefusedNamingTheDtdAndNothingIsExpandedOrStored() {
        network.garbage = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
                + "<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
                + "<!ENTITY lol2 \"&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;\">"
                + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
                + "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<ns2:cxBjxxByGxsjResponse xmlns:ns2=\"http://ws.ypjgsp.fl.cq.gov.cn/\"><zs>1</zs><bjxx xh=\"1\">"
                + "<ywlsh>YJ2026110399998</ywlsh><sqr>&lol3;</sqr><gxsj>20990101000000</gxsj></bjxx>"
                + "</ns2:cxBjxxByGxsjResponse></soap:Body></soap:Envelope>";
        network.garbled.set(1);
        Map<String, Object> row = insert("1");

        await().atMost(Duration.ofSeconds(30)).until(() -> !warnings().isEmpty());
        awaitStored(row);

        assertThat(warnings().get(0)).contains("answer refused").contains("DTD");
        assertThat(LOGS.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains("lollollol"));
        assertThat(cases.findByDepartmentCase("drug", "YJ2026110399998")).isEmpty();
        assertThat(watermarks.get("drug", "cases").orElseThrow().value()).doesNotStartWith("2099");
    }

    @Test
    void aBadRecordGoesToTheDeadLetterQueueWithItsFieldPathWhileGoodOnesPass() {
        Map<String, Object> bad = legacy.newCase("1");
        String body = "50010219880808712";
        char check = residentIdCheck(body);
        bad.put("SQRLX", "1");
        bad.put("ZJLX", "1");
        bad.put("SQRZJHM", body + (check == '1' ? '2' : '1'));
        DEAD_LETTERED.add((String) bad.get("YWLSH"));
        Map<String, Object> good = legacy.newCase("1");
        legacy.insert(bad);
        legacy.insert(good);

        awaitStored(good);
        List<Message> dead = await().atMost(Duration.ofSeconds(30)).until(() -> Queues.browse(jms, "hub.dlq.drug"),
                l -> l.stream().anyMatch(m -> bad.get("YWLSH").equals(property(m, "CityhubRecordKey"))));
        Message m = dead.stream().filter(x -> bad.get("YWLSH").equals(property(x, "CityhubRecordKey"))).findFirst().orElseThrow();
        assertThat(property(m, "CityhubFieldPath")).isEqualTo("application.applicant.idNumber");
        assertThat(property(m, "CityhubExpected")).contains("GB 11643");
        assertThat(property(m, "CityhubStage")).isEqualTo("mapping");
        assertThat(stored(bad)).isNull();
    }

    private static char residentIdCheck(String body17) {
        int[] weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (body17.charAt(i) - '0') * weights[i];
        }
        return "10X98765432".charAt(sum % 11);
    }

    private static String property(Message m, String name) {
        try {
            return m.getStringProperty(name);
        } catch (jakarta.jms.JMSException e) {
            throw new IllegalStateException(e);
        }
    }

}
