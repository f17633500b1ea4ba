package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.cityhub.support.HubHome;
import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;

/**
 * The outbound shapes against real counterparts: a front-database table on this machine's MariaDB
 * (jdbc-insert), an HTTP server on loopback (http-call) and a CXF SOAP service published on the hub's own
 * web port (soap-call); each fed a case through its route, with the land bureau's reverse mapping.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT, properties = "server.port=18765")
class OutboundTargetsIT {

    static final ObjectMapper JSON = new ObjectMapper();
    static final ThrowAwayDatabase qzk = ThrowAwayDatabase.mariadb("qzk");
    static final List<String> httpBodies = new CopyOnWriteArrayList<>();
    static final AtomicInteger httpFailNext = new AtomicInteger();
    static final AtomicInteger httpStatus = new AtomicInteger(201);
    static final List<String> soapRequests = new CopyOnWriteArrayList<>();
    static volatile boolean soapFault;
    static HttpServer http;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws Exception {
        try (Connection c = qzk.connect(); Statement s = c.createStatement()) {
            s.execute("create table GT_SPJ_XZ_BJXX (JGM varchar(25) not null primary key, YWLSH varchar(50), SXBM varchar(24),"
                    + " SXMC varchar(200), SQRMC varchar(200), SQRLX varchar(2), ZJLX varchar(10), ZJHM varchar(50),"
                    + " LXDH varchar(50), SQSJ varchar(30), BLZT varchar(4), XZQH varchar(12),"
                    + " XZSJ timestamp default current_timestamp) character set utf8mb4");
        }
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/cases", ex -> {
            try (ex) {
                httpBodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                int status = httpFailNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : httpStatus.get();
                byte[] body = "{\"data\":{\"ywlsh\":\"GT-R-0001\"}}".getBytes(StandardCharsets.UTF_8);
                ex.sendResponseHeaders(status, body.length);
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        http.start();
        HubHome home = HubHome.create().connector("land", """
                department:
                  code: land
                  name: 重庆市涪陵区规划和自然资源局
                  region: "500102"
                targets:
                  - name: qzk
                    template: jdbc-insert
                    mapping: land/case-out
                    parameters:
                      jdbcUrl: "%s"
                      username: root
                      table: GT_SPJ_XZ_BJXX
                      timeout: 2000
                      retries: 1
                  - name: rest
                    template: http-call
                    mapping: land/case-out
                    parameters:
                      url: "http://127.0.0.1:%d/api/cases"
                      caseNoPointer: /data/ywlsh
                      timeout: 1000
                      retries: 2
                  - name: soap
                    template: soap-call
                    mapping: land/case-out
                    parameters:
                      address: "http://127.0.0.1:18765/services/demo/test/land-intake"
                      namespace: "http://sl.gtsp.fl.cq.gov.cn/"
                      operation: tjBjxx
                      service: SlService
                      port: SlServicePort
                      caseNoElement: ywlsh
                      timeout: 1000
                      retries: 1
                """.formatted(qzk.url(), http.getAddress().getPort()));
        registry.add("cityhub.home", () -> home.root().toString());
        String data = Files.createTempDirectory("cityhub-out").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @AfterAll
    static void tearDown() {
        http.stop(0);
        qzk.close();
    }

    /** The land bureau's intake service, as a department would run it: CXF, PAYLOAD mode. */
    @WebServiceProvider(serviceName = "SlService", portName = "SlServicePort", targetNamespace = "http://sl.gtsp.fl.cq.gov.cn/")
    @ServiceMode(Service.Mode.PAYLOAD)
    public static class LandIntakeService implements Provider<Source> {
        @Override
        public Source invoke(Source request) {
            try {
                StringWriter w = new StringWriter();
                TransformerFactory.newInstance().newTransformer().transform(request, new StreamResult(w));
                soapRequests.add(w.toString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (soapFault) {
                throw new org.apache.cxf.binding.soap.SoapFault("业务校验失败: 事项编码不存在",
                        new javax.xml.namespace.QName("http://schemas.xmlsoap.org/soap/envelope/", "Client"));
            }
            return new StreamSource(new java.io.StringReader(
                    "<ns:tjBjxxResponse xmlns:ns=\"http://sl.gtsp.fl.cq.gov.cn/\"><ywlsh>GT-S-0001</ywlsh></ns:tjBjxxResponse>"));
        }
    }

    @Autowired
    ProducerTemplate producer;
    @Autowired
    Bus bus;

    static volatile EndpointImpl soapEndpoint;

    @BeforeEach
    void publishSoapService() {
        if (soapEndpoint == null) {
            soapEndpoint = new EndpointImpl(bus, new LandIntakeService());
            soapEndpoint.publish("/demo/test/land-intake");
        }
        soapFault = false;
        httpStatus.set(201);
    }

    static JsonNode caseJson(String no) throws IOException {
        return JSON.readTree(Files.readString(java.nio.file.Path.of("mappings/land/fixtures/case-out/platform-intake.in.json")))
                .deepCopy().<com.fasterxml.jackson.databind.node.ObjectNode>require()
                .put("departmentCaseNo", no).put("supervisionCode", "50010220261121" + no.substring(no.length() - 10) + "A");
    }

    private OutboundTarget.Reply send(String target, JsonNode c) {
        return producer.requestBody(ConnectorRegistry.targetEndpoint("land", target), c, OutboundTarget.Reply.class);
    }

    @Test
    void jdbcInsertWritesTheReverseMappedRowIntoTheFrontDatabase() throws Exception {
        send("qzk", caseJson("PT00000000001"));
        try (Connection c = qzk.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select YWLSH, SQRMC, ZJLX, SQSJ, BLZT from GT_SPJ_XZ_BJXX where YWLSH = 'PT00000000001'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("SQRMC")).isEqualTo("重庆市涪陵区江东置业有限公司");
            assertThat(rs.getString("ZJLX")).isEqualTo("TYDM");
            assertThat(rs.getString("SQSJ")).isEqualTo("2026-11-21 09:12:40");
            assertThat(rs.getString("BLZT")).isEqualTo("0");
        }
    }

    @Test
    void jdbcInsertRefusedByAConstraintIsARejectionNotARetry() throws Exception {
        send("qzk", caseJson("PT00000000002"));
        assertThatThrownBy(() -> send("qzk", caseJson("PT00000000002")))
                .isInstanceOf(CamelExecutionException.class).hasRootCauseInstanceOf(OutboundTarget.Rejected.class)
                .rootCause().hasMessageContaining("refused the row");
    }

    @Test
    void httpCallPostsTheRecordAndReadsTheDepartmentsCaseNumberRetryingAServerError() throws Exception {
        httpFailNext.set(1);
        int before = httpBodies.size();
        OutboundTarget.Reply reply = send("rest", caseJson("PT00000000003"));
        assertThat(reply.departmentCaseNo()).isEqualTo("GT-R-0001");
        assertThat(httpBodies.size()).isEqualTo(before + 2);
        assertThat(JSON.readTree(httpBodies.get(httpBodies.size() - 1)).get("YWLSH").asText()).isEqualTo("PT00000000003");
    }

    @Test
    void httpCallRefusedWith4xxIsARejection() {
        httpStatus.set(422);
        assertThatThrownBy(() -> send("rest", caseJson("PT00000000004")))
                .hasRootCauseInstanceOf(OutboundTarget.Rejected.class).rootCause().hasMessageContaining("HTTP 422");
    }

    @Test
    void soapCallSendsTheCaseAsElementsAndReadsTheDepartmentsCaseNumber() throws Exception {
        OutboundTarget.Reply reply = send("soap", caseJson("PT00000000005"));
        assertThat(reply.departmentCaseNo()).isEqualTo("GT-S-0001");
        assertThat(soapRequests.get(soapRequests.size() - 1)).contains("tjBjxx", "<YWLSH>PT00000000005</YWLSH>", "<ZJLX>TYDM</ZJLX>");
    }

    @Test
    void aSoapFaultIsARejectionWithTheDepartmentsReason() {
        soapFault = true;
        assertThatThrownBy(() -> send("soap", caseJson("PT00000000006")))
                .hasRootCauseInstanceOf(OutboundTarget.Rejected.class).rootCause().hasMessageContaining("事项编码不存在");
    }

    @Test
    void anUnreachableDepartmentIsUnavailableAfterTheRetries() {
        http.stop(0);
        try {
            assertThatThrownBy(() -> send("rest", caseJson("PT00000000007")))
                    .hasRootCauseInstanceOf(OutboundTarget.Unavailable.class).rootCause().hasMessageContaining("after 3 attempts");
        } finally {
            try {
                int port = http.getAddress().getPort();
                HttpServer restarted = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                restarted.createContext("/api/cases", ex -> {
                    try (ex) {
                        ex.sendResponseHeaders(201, -1);
                    }
                });
                restarted.start();
                http = restarted;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
