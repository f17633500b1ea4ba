package org.cityhub.demo;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The city platform's one window (一窗受理) of the demo: every {@code cityhub.demo.intake-period} ms it takes in
 * an application for the drug administration (a pharmacist registration or a drug retail licence) and
 * hands it to the hub through the public intake API {@code POST /api/v1/cases}, like the real platform
 * would, so the default run shows full fusion: intake → dispatch to the bureau's SOAP service (sbBjxx) →
 * the bureau's clerks accept and decide → progress back on the same case.
 */
@Component
@ConditionalOnProperty(name = "cityhub.demo.enabled", havingValue = "true", matchIfMissing = true)
class PlatformIntakeFeeder {

    private static final Logger log = LoggerFactory.getLogger(PlatformIntakeFeeder.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuuMMdd");
    private static final String[] PEOPLE = {"冉晓燕", "谭志刚", "况春梅", "秦思雨", "向俊杰", "夏文静", "廖德华", "熊海燕"};
    private static final String[] SHOPS = {"重庆市涪陵区江东康源大药房有限公司", "重庆市涪陵区李渡仁心药房", "重庆市涪陵区白涛健民大药房有限公司"};

    private final ObjectMapper json;
    private final Clock clock;
    private final Environment env;
    private final RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
    private final AtomicInteger sequence = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile URI intake;

    PlatformIntakeFeeder(ObjectMapper json, Clock clock, Environment env) {
        this.json = json;
        this.clock = clock;
        this.env = env;
    }

    /** Once the hub is ready, departments started included: an intake before would be refused. */
    @EventListener(ApplicationReadyEvent.class)
    void hubReady() {
        intake = URI.create("http://127.0.0.1:" + env.getProperty("local.server.port", env.getProperty("server.port", "8080"))
                + env.getProperty("server.servlet.context-path", "") + "/api/v1/cases");
    }

    @Scheduled(initialDelayString = "${cityhub.demo.intake-period:20000}", fixedDelayString = "${cityhub.demo.intake-period:20000}")
    void takeInOne() {
        URI target = intake;
        if (target == null) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.putArray("departments").add(DrugAdministrationLegacyDb.DEPARTMENT_CODE);
        body.set("case", application());
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                    // the simulated city platform authenticates as the demo client demo-platform (README, "Permissions")
                    .header("X-Api-Key", "demo-platform-key")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 202) {
                log.info("demo: city platform took in {} for the drug administration: {}",
                        body.at("/case/departmentCaseNo").asText(), json.readTree(r.body()).path("supervisionCode").asText());
            } else {
                log.info("demo: city platform intake refused ({}): {}", r.statusCode(), r.body());
            }
        } catch (Exception e) {
            // the hub may still be starting; the platform just takes the next one in later
            log.debug("demo: city platform intake not taken: {}", e.getMessage());
        }
    }

    /** An application as the platform's window takes it in: status SUBMITTED, accepted at the window. */
    private ObjectNode application() {
        ZonedDateTime now = ZonedDateTime.now(clock.withZone(DrugAdministrationLegacyDb.ZONE)).truncatedTo(ChronoUnit.SECONDS);
        String caseNo = "CQPT" + STAMP.format(now) + String.format("%03d", sequence.incrementAndGet() % 1000);
        boolean person = random.nextInt(100) < 75;
        ObjectNode c = json.createObjectNode();
        c.put("departmentCaseNo", caseNo);
        c.put("status", "SUBMITTED");
        ObjectNode app = c.putObject("application");
        app.put("caseNo", caseNo);
        app.put("itemCode", DrugAdministrationLegacyDb.UNIT_CODE + (person ? "400021" : "400023"));
        app.put("itemName", person ? "执业药师注册" : "药品经营许可证核发（零售）");
        app.put("caseType", "2");
        ObjectNode applicant = app.putObject("applicant");
        String name = PEOPLE[random.nextInt(PEOPLE.length)];
        if (person) {
            LocalDate birth = now.toLocalDate().minusYears(24).minusDays(random.nextInt(30 * 365));
            applicant.put("name", name).put("type", "1").put("idType", "111")
                    .put("idNumber", DemoIdentifiers.residentId(DrugAdministrationLegacyDb.REGION + DAY.format(birth)
                            + String.format("%03d", random.nextInt(1000))));
        } else {
            StringBuilder org = new StringBuilder("MA5U");
            for (int i = 0; i < 4; i++) {
                org.append(DemoIdentifiers.CREDIT_ALPHABET.charAt(random.nextInt(DemoIdentifiers.CREDIT_ALPHABET.length())));
            }
            applicant.put("name", SHOPS[random.nextInt(SHOPS.length)]).put("type", "2").put("idType", "001")
                    .put("idNumber", DemoIdentifiers.creditCode("91", DrugAdministrationLegacyDb.REGION, org.toString()));
        }
        app.putObject("contact").put("name", name).put("phone", "139" + String.format("%08d", random.nextInt(100_000_000)));
        app.put("channel", random.nextBoolean() ? "2" : "3");
        app.put("submittedAt", now.minusMinutes(3 + random.nextInt(40)).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        app.put("regionCode", DrugAdministrationLegacyDb.REGION);
        ArrayNode materials = app.putArray("materials");
        for (String m : person ? new String[] {"执业药师首次注册申请表", "执业药师职业资格证书", "身份证明复印件"}
                : new String[] {"药品经营许可证申请表", "营业执照复印件", "经营场所及仓库平面布置图"}) {
            materials.addObject().put("name", m).put("copies", m.contains("复印件") ? 2 : 1).put("form", "ELECTRONIC");
        }
        c.putObject("acceptance").put("unitName", "重庆市涪陵区政务服务中心").put("officer", "网上审批平台")
                .put("acceptedAt", now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        return c;
    }
}
