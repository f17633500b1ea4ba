package org.cityhub.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.cityhub.support.HubHome;
import org.cityhub.support.Queues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import jakarta.jms.Message;

/**
 * No id number or phone number in clear in any log line: a record carrying both fails its mapping (which
 * quotes them), and neither the hub's log (captured from the console appender with Spring Boot's
 * OutputCaptureExtension, through logback-spring.xml) nor the dead letter's reason shows them; a log line
 * and a stack trace naming them directly are masked too.
 */
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class PersonalDataLogIT {

    static final String ID = "500102199001011234";
    static final String PHONE = "13983214567";
    static Path inbox;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("cityhub-privacy");
        inbox = data.resolve("inbox/social");
        HubHome home = HubHome.create().connector("social", """
                department:
                  code: social
                  name: 人力社保局
                  region: "500102"
                sources:
                  - name: exports
                    template: file-drop
                    mapping: social/case
                    parameters:
                      inbox: "%s"
                      format: json
                      filePattern: "*.json"
                      charset: UTF-8
                      readLockMinAge: 200
                      period: 200
                """.formatted(inbox));
        // a mapping that quotes what it refuses, as integrators write them: the applicant's id, and a whole line
        Path mapping = home.root().resolve("mappings/social/case.jsonata");
        Files.createDirectories(mapping.getParent());
        Files.writeString(mapping, """
                ZJLX = '居民身份证' and $number($substring(ZJHM, 6, 4)) > 2000
                  ? $refuse('application.applicant.idNumber', 'an adult applicant', ZJHM)
                  : $refuse('(record)', 'a complete record', SQRMC & ' ' & ZJHM & ' tel ' & LXDH)
                """);
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @Autowired
    JmsTemplate jms;

    @Test
    void aRecordWithAnIdNumberFailingItsMappingLeavesNoIdOrPhoneInTheLogOrTheDeadLetter(CapturedOutput output) throws Exception {
        Files.createDirectories(inbox);
        Files.writeString(inbox.resolve("people.json"), """
                [{"YWLSH": "RS-P1", "SQRMC": "冉德明", "ZJLX": "居民身份证", "ZJHM": "%s", "LXDH": "%s"},
                 {"YWLSH": "RS-P2", "SQRMC": "欧阳娜娜", "ZJLX": "居民身份证", "ZJHM": "500102201501011237", "LXDH": "%s"}]
                """.formatted(ID, PHONE, PHONE));

        List<Message> dead = await().atMost(Duration.ofSeconds(30)).until(() -> Queues.browse(jms, "hub.dlq.social"), l -> l.size() >= 2);
        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("dead letter social/exports"));

        for (Message m : dead) {
            assertThat(m.getStringProperty("CityhubError")).doesNotContain(ID, PHONE, "500102201501011237");
            String actual = m.getStringProperty("CityhubActual");
            assertThat(actual).doesNotContain(ID, PHONE, "500102201501011237");
        }
        assertThat(dead).anySatisfy(m -> assertThat(m.getStringProperty("CityhubActual")).isEqualTo("'500102********1237'"));
        assertThat(dead).anySatisfy(m -> assertThat(m.getStringProperty("CityhubActual")).contains("500102********1234", "139****4567"));
        assertThat(output.getAll()).contains("dead letter social/exports").doesNotContain(ID, PHONE, "500102201501011237");
    }

    @Test
    void aLogLineAndAStackTraceNamingThemDirectlyAreMasked(CapturedOutput output) {
        LoggerFactory.getLogger("org.cityhub.test").warn("applicant {} phone {} failed", ID, PHONE,
                new IllegalStateException("row with ZJHM=" + ID + " and LXDH=" + PHONE));

        assertThat(output.getAll()).contains("applicant 500102********1234 phone 139****4567 failed",
                "ZJHM=500102********1234 and LXDH=139****4567").doesNotContain(ID, PHONE);
    }
}
