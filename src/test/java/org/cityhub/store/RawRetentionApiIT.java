package org.cityhub.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;

import org.cityhub.support.HubHome;
import org.cityhub.support.TestClients;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Retention seen from outside: after its raw message is purged a case's history still names the message,
 * with its hash and times, shown as purged with when; the department pushing the same record again is still
 * recognised. The setting binds as an ISO-8601 period.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RawRetentionApiIT {

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
        String data = Files.createTempDirectory("cityhub-retention").toString();
        registry.add("cityhub.data-dir", () -> data);
        registry.add("cityhub.demo.enabled", () -> "false");
        registry.add("cityhub.retention.raw-messages", () -> "P400D");
    }

    @LocalServerPort
    int port;
    @Autowired
    CaseStore cases;
    @Autowired
    RawArchive archive;
    @Autowired
    RetentionProperties retention;
    @Autowired
    RawRetention purge;

    private final ObjectMapper json = new ObjectMapper();

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        TestClients.withKey(TestClients.ADMIN_KEY).forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> push() throws Exception {
        String envelope = """
                <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
                <ch:reportCases xmlns:ch="http://cityhub.example/push/1"><messageId>RET-1</messageId>
                <record><YWLSH>RET0001</YWLSH><SXMC>食品经营许可</SXMC><BJLX>2</BJLX><SQRMC>涪陵区江东餐饮店</SQRMC><SQRLX>1</SQRLX>
                <ZJLX>SFZ</ZJLX><ZJHM>11010519491231002X</ZJHM><SQSJ>2026-11-20 09:00:00</SQSJ><BLZT>1</BLZT><CZBS>I</CZBS>
                <XZQH>500102</XZQH><TBSJ>2026-11-20 09:05:00</TBSJ></record></ch:reportCases></soap:Body></soap:Envelope>
                """;
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/services/push/market"))
                .header("Content-Type", "text/xml; charset=utf-8").header("SOAPAction", "\"reportCases\"")
                .POST(HttpRequest.BodyPublishers.ofString(envelope)));
    }

    @Test
    void aPurgedRawMessageStaysLinkedInTheHistoryShownAsPurgedAndAResendIsStillRecognised() throws Exception {
        assertThat(retention.rawMessages()).isEqualTo(Period.ofDays(400));
        assertThat(purge.cutoff()).isBefore(OffsetDateTime.now().minusDays(399));
        assertThat(push().body()).contains("<accepted>1</accepted>");
        StoredCase c = await().atMost(Duration.ofSeconds(20)).until(() -> cases.findByDepartmentCase("market", "RET0001").orElse(null),
                x -> x != null);
        String url = "http://127.0.0.1:" + port + "/api/v1/cases/" + c.supervisionCode() + "/history";
        JsonNode before = json.readTree(send(HttpRequest.newBuilder(URI.create(url)).GET()).body()).at("/versions/0/source");
        assertThat(before.has("purged")).isFalse();

        // as the scheduled purge does once the message is older than the retention
        assertThat(archive.purgeBefore(OffsetDateTime.now().plusSeconds(1), 100)).isEqualTo(1);

        JsonNode after = json.readTree(send(HttpRequest.newBuilder(URI.create(url)).GET()).body()).at("/versions/0/source");
        assertThat(after.path("purged").asBoolean()).isTrue();
        assertThat(after.path("purgedAt").asText()).isNotBlank();
        assertThat(after.path("rawMessageId").asLong()).isEqualTo(before.path("rawMessageId").asLong());
        assertThat(after.path("sha256").asText()).isEqualTo(before.path("sha256").asText()).hasSize(64);
        assertThat(after.path("receivedAt").asText()).isEqualTo(before.path("receivedAt").asText());
        assertThat(archive.find(after.path("rawMessageId").asLong()).orElseThrow().payload()).isEmpty();

        assertThat(push().body()).contains("<accepted>0</accepted>", "<alreadyReceived>1</alreadyReceived>");
    }
}
