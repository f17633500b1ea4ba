package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.stream.StreamResult;
import javax.xml.transform.stream.StreamSource;

import org.cityhub.store.CaseStore;
import org.cityhub.store.RawArchive;
import org.cityhub.support.HubHome;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;
import jakarta.xml.ws.WebServiceException;

/**
 * The soap-push shape: a reworked department system calls the hub's reportCases endpoint with real SOAP
 * over HTTP through CXF (a JAX-WS client on one side, the hub's CXF servlet on the other).
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SoapPushIT {

    /** The demo client of the market bureau's system: role department, scope department:market. */
    static final String MARKET_KEY = "demo-market-key";

    static final String NS = "http://cityhub.example/push/1";

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        HubHome home = HubHome.create().connector("market", """
                department:
                  code: market
                  name: 重庆市涪陵区市场监督管理局
                  region: "500102"
                sources:
                  - name: push
                    template: soap-push
                    mapping: land/case
                    parameters:
                      keyField: YWLSH
                """);
        registry.add("cityhub.home", () -> home.root().toString());
        String data = Files.createTempDirectory("cityhub-push").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @LocalServerPort
    int port;
    @Autowired
    CaseStore cases;
    @Autowired
    RawArchive archive;

    private static String record(String no, String idNumber, String status) {
        return """
                <record><YWLSH>%s</YWLSH><SXMC>食品经营许可</SXMC><BJLX>2</BJLX><SQRMC>涪陵区江东餐饮店</SQRMC><SQRLX>1</SQRLX>
                <ZJLX>SFZ</ZJLX><ZJHM>%s</ZJHM><SQSJ>2026-11-20 09:00:00</SQSJ><BLZT>%s</BLZT><CZBS>I</CZBS>
                <XZQH>500102</XZQH><TBSJ>2026-11-20 09:05:00</TBSJ></record>
                """.formatted(no, idNumber, status);
    }

    private static String message(String... records) {
        return "<ch:reportCases xmlns:ch=\"" + NS + "\"><messageId>m-1</messageId>" + String.join("", records) + "</ch:reportCases>";
    }

    private String call(String payload) throws Exception {
        QName service = new QName(NS, "CaseReportService");
        QName portName = new QName(NS, "CaseReportPort");
        Service s = Service.create(service);
        s.addPort(portName, SOAPBinding.SOAP11HTTP_BINDING, "http://127.0.0.1:" + port + "/services/push/market");
        Dispatch<Source> dispatch = s.createDispatch(portName, Source.class, Service.Mode.PAYLOAD);
        // the market bureau's system, as the demo client allowed to push for market
        dispatch.getRequestContext().put(jakarta.xml.ws.handler.MessageContext.HTTP_REQUEST_HEADERS,
                java.util.Map.of(org.cityhub.support.TestClients.API_KEY_HEADER, java.util.List.of(MARKET_KEY)));
        Source reply = dispatch.invoke(new StreamSource(new StringReader(payload)));
        StringWriter out = new StringWriter();
        TransformerFactory.newInstance().newTransformer().transform(reply, new StreamResult(out));
        return out.toString();
    }

    @Test
    void recordsAreDurablyAcceptedBeforeTheReplyAndBecomeCases() throws Exception {
        String reply = call(message(record("SC0001", "11010519491231002X", "1"), record("SC0002", "11010519491231002X", "2")));

        assertThat(reply).contains("<received>2</received>", "<accepted>2</accepted>");
        assertThat(archive.count("market")).isGreaterThanOrEqualTo(2);
        await().atMost(Duration.ofSeconds(20)).until(() -> cases.findByDepartmentCase("market", "SC0002").isPresent());
        assertThat(cases.findByDepartmentCase("market", "SC0002").orElseThrow().status()).isEqualTo("IN_REVIEW");
    }

    @Test
    void aResentMessageIsRecognisedAndNothingIsQueuedTwice() throws Exception {
        String payload = message(record("SC0101", "11010519491231002X", "1"));
        call(payload);
        long archived = archive.count("market");
        String again = call(payload);

        assertThat(again).contains("<accepted>0</accepted>", "<alreadyReceived>1</alreadyReceived>");
        assertThat(archive.count("market")).isEqualTo(archived);
    }

    @Test
    void aRecordThatCannotBeACaseIsASoapFaultNamingRecordAndFieldAndNothingIsAccepted() {
        long archived = archive.count("market");
        assertThatThrownBy(() -> call(message(record("SC0201", "11010519491231002X", "1"),
                record("SC0202", "110105194912310021", "1"))))
                .isInstanceOf(WebServiceException.class)
                .hasMessageContaining("record[2] (SC0202) refused")
                .hasMessageContaining("application.applicant.idNumber")
                .hasMessageContaining("nothing of this message was accepted");
        assertThat(archive.count("market")).isEqualTo(archived);
        assertThat(cases.findByDepartmentCase("market", "SC0201")).isEmpty();
    }

    @Test
    void aMessageWithoutRecordsIsAFault() {
        assertThatThrownBy(() -> call("<ch:reportCases xmlns:ch=\"" + NS + "\"/>"))
                .isInstanceOf(WebServiceException.class).hasMessageContaining("no record element");
    }

    @Test
    void aForgedPushWithoutCredentialsOrFromAnotherDepartmentsSystemIsRefusedAndNothingIsKept() throws Exception {
        String envelope = """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
                <ch:reportCases xmlns:ch="http://cityhub.example/push/1"><messageId>forged-1</messageId>
                <record><YWLSH>SJFORGED01</YWLSH></record></ch:reportCases></soap:Body></soap:Envelope>
                """;
        long archived = archive.count("market");
        java.util.function.Function<String, HttpResponse<String>> push = key -> {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services/push/market"))
                    .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"reportCases\"")
                    .POST(HttpRequest.BodyPublishers.ofString(envelope));
            if (key != null) {
                b.header(org.cityhub.support.TestClients.API_KEY_HEADER, key);
            }
            try {
                return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        HttpResponse<String> none = push.apply(null);
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).contains("X-Api-Key");
        HttpResponse<String> wrongKey = push.apply("not-a-key-of-anyone");
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(wrongKey.body()).contains("belongs to no client");
        // the land bureau's system may push for land only
        HttpResponse<String> otherDepartment = push.apply("demo-land-key");
        assertThat(otherDepartment.statusCode()).isEqualTo(403);
        // the platform's key has no department role
        assertThat(push.apply(org.cityhub.support.TestClients.PLATFORM_KEY).statusCode()).isEqualTo(403);
        assertThat(archive.count("market")).as("nothing of a refused push is kept").isEqualTo(archived);
    }

    @Test
    void anExternalEntityInTheEnvelopeIsRefusedAndNeverRead() throws Exception {
        String envelope = """
                <?xml version="1.0"?>
                <!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
                <ch:reportCases xmlns:ch="http://cityhub.example/push/1"><record><YWLSH>&xxe;</YWLSH></record></ch:reportCases>
                </soap:Body></soap:Envelope>
                """;
        long archived = archive.count("market");
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services/push/market")).header(org.cityhub.support.TestClients.API_KEY_HEADER, MARKET_KEY)
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"reportCases\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).contains("Fault").doesNotContain("root:");
        assertThat(archive.count("market")).isEqualTo(archived);
    }

    @Test
    void theWsdlIsServedAtTheEndpoint() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services/push/market?wsdl")).header(org.cityhub.support.TestClients.API_KEY_HEADER, MARKET_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("reportCases", "CaseReportService");
    }
}
