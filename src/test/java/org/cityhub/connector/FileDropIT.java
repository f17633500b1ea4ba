package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.cityhub.demo.CivilAffairsFileDrops;
import org.cityhub.store.CaseStore;
import org.cityhub.store.RawArchive;
import org.cityhub.support.HubHome;
import org.cityhub.support.Queues;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import jakarta.jms.Message;

/**
 * The file-drop shape on real files in a temporary inbox, with the real embedded broker and store:
 * GBK and BOM-marked UTF-8 CSV, JSON, a file still being written, a file with a bad row, an
 * undecodable file, and a 100,000-row file streamed in bounded batches.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FileDropIT {

    static Path inbox;
    static Path jsonInbox;
    static Path bulkInbox;
    static Path xmlInbox;
    static Path doneInbox;

    @DynamicPropertySource
    static void setUp(DynamicPropertyRegistry registry) throws IOException {
        Path data = Files.createTempDirectory("cityhub-files");
        inbox = data.resolve("inbox/civil");
        jsonInbox = data.resolve("inbox/social");
        bulkInbox = data.resolve("inbox/bulk");
        xmlInbox = data.resolve("inbox/health");
        doneInbox = data.resolve("inbox/housing");
        String csvConnector = """
                department:
                  code: %s
                  name: %s
                  region: "500102"
                sources:
                  - name: exports
                    template: file-drop
                    mapping: civil/case
                    parameters:
                      inbox: "%s"
                      readLockMinAge: 1000
                      period: 200
                """;
        HubHome home = HubHome.create()
                .connector("civil", csvConnector.formatted("civil", "民政局", inbox))
                .connector("housing", """
                        department:
                          code: housing
                          name: 住房和城乡建设委员会
                          region: "500102"
                        sources:
                          - name: exports
                            template: file-drop
                            mapping: civil/case
                            parameters:
                              inbox: "%s"
                              doneFile: "$simple{file:name}.ok"
                              readLockMinAge: 100
                              period: 200
                        """.formatted(doneInbox))
                .connector("bulk", csvConnector.formatted("bulk", "民政局(批量)", bulkInbox))
                .connector("social", """
                        department:
                          code: social
                          name: 人力社保局
                          region: "500102"
                        sources:
                          - name: exports
                            template: file-drop
                            mapping: civil/case
                            parameters:
                              inbox: "%s"
                              format: json
                              filePattern: "*.json"
                              charset: UTF-8
                              readLockMinAge: 500
                              period: 200
                        """.formatted(jsonInbox))
                .connector("health", """
                        department:
                          code: health
                          name: 卫生健康委
                          region: "500102"
                        sources:
                          - name: exports
                            template: file-drop
                            mapping: civil/case
                            parameters:
                              inbox: "%s"
                              format: xml
                              filePattern: "*.xml"
                              recordElement: bjxx
                              readLockMinAge: 500
                              period: 200
                        """.formatted(xmlInbox));
        registry.add("cityhub.home", () -> home.root().toString());
        registry.add("cityhub.data-dir", data::toString);
        registry.add("cityhub.demo.enabled", () -> "false");
    }

    @Autowired
    CaseStore cases;
    @Autowired
    RawArchive archive;
    @Autowired
    JmsTemplate jms;
    @Autowired
    CamelContext camel;
    @Autowired
    ConnectorRegistry registry;
    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    private static final String HEADER = String.join(",", CivilAffairsFileDrops.HEADER);

    private static String row(String no, String status, String phone, String remark) {
        return String.join(",", no, "社会团体成立登记", "涪陵区书法家协会", "统一社会信用代码", "51500102MJ0A12345K", "冉德明", phone,
                "2026年11月4日", "2026-11-05 10:20:00", "20个工作日", status, "初审", "谭志勇", remark, "", "20261120163000");
    }

    private void awaitCase(String department, String no) {
        await().atMost(Duration.ofSeconds(30)).until(() -> cases.findByDepartmentCase(department, no).isPresent());
    }

    private static List<Path> filesIn(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    @Order(1)
    void gbkExportWithChineseHeadersArrivesAndTheFileMovesToDone() throws IOException {
        Path file = new CivilAffairsFileDrops(inbox, new Random(3), Clock.systemDefaultZone()).exportHistory(25);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(new String(bytes, Charset.forName("GBK"))).startsWith("办件编号,").contains("\r\n");

        await().atMost(Duration.ofSeconds(30)).until(() -> cases.countCases("civil") >= 25);
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(file));
        assertThat(filesIn(inbox.resolve(".done"))).anySatisfy(p -> assertThat(p.getFileName().toString()).endsWith(file.getFileName().toString()));
    }

    @Test
    @Order(2)
    void utf8FileWithByteOrderMarkIsReadAsUtf8() throws IOException {
        String text = HEADER + "\r\n" + row("MZBOM0001", "已受理", "13983214567", "\"材料齐全,予以受理\"") + "\r\n";
        try (OutputStream out = Files.newOutputStream(inbox.resolve("excel-saved.csv"))) {
            out.write(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        awaitCase("civil", "MZBOM0001");
        assertThat(cases.findByDepartmentCase("civil", "MZBOM0001").orElseThrow().content()).contains("涪陵区书法家协会", "ACCEPTED");
    }

    @Test
    @Order(3)
    void aShortRowIsDeadLetteredWithItsLineAndTheOtherRowsPass() throws IOException {
        String text = HEADER + "\r\n" + row("MZBAD0001", "已受理", "13983214567", "\"含,逗号的意见\"") + "\r\n"
                + "MZBAD0002,社会团体成立登记,涪陵区书法家协会\r\n"
                + row("MZBAD0003", "审核中", "１３９８３２１４５６７", "经审核") + "\r\n";
        Files.write(inbox.resolve("with-bad-row.csv"), text.getBytes(Charset.forName("GB18030")));

        awaitCase("civil", "MZBAD0001");
        awaitCase("civil", "MZBAD0003");
        assertThat(cases.findByDepartmentCase("civil", "MZBAD0001").orElseThrow().content()).contains("含,逗号的意见");
        assertThat(cases.findByDepartmentCase("civil", "MZBAD0003").orElseThrow().content()).contains("13983214567");
        List<Message> dead = await().atMost(Duration.ofSeconds(10)).until(() -> Queues.browse(jms, "hub.dlq.civil"), l -> !l.isEmpty());
        assertThat(dead).anySatisfy(m -> {
            assertThat(m.getStringProperty("CityhubFieldPath")).isEqualTo("line 3");
            assertThat(m.getStringProperty("CityhubExpected")).startsWith("16 columns");
            assertThat(m.getStringProperty("CityhubActual")).isEqualTo("3 columns");
            assertThat(m.getStringProperty("CityhubStage")).isEqualTo("parse");
            assertThat(m.getBody(String.class)).contains("MZBAD0002");
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> filesIn(inbox.resolve(".done")).stream()
                .anyMatch(p -> p.toString().endsWith("with-bad-row.csv.report.txt")));
        Path report = filesIn(inbox.resolve(".done")).stream().filter(p -> p.toString().endsWith("with-bad-row.csv.report.txt")).findFirst().orElseThrow();
        assertThat(Files.readString(report)).contains("rejected", "line 3");
    }

    @Test
    @Order(4)
    void anUndecodableFileGoesToErrorWithAReason() throws IOException {
        byte[] bytes = (HEADER + "\r\n").getBytes(Charset.forName("GB18030"));
        byte[] broken = new byte[bytes.length + 4];
        System.arraycopy(bytes, 0, broken, 0, bytes.length);
        broken[bytes.length] = (byte) 0xFF;
        broken[bytes.length + 1] = (byte) 0xFF;
        broken[bytes.length + 2] = '\r';
        broken[bytes.length + 3] = '\n';
        Files.write(inbox.resolve("garbled.csv"), broken);

        Path reason = await().atMost(Duration.ofSeconds(15)).until(() -> filesIn(inbox.resolve(".error")).stream()
                .filter(p -> p.toString().endsWith("garbled.csv.reason.txt")).findFirst().orElse(null), p -> p != null);
        assertThat(Files.readString(reason)).contains("not valid GB18030", "at line 2, byte offset " + bytes.length, "charset");
        assertThat(filesIn(inbox.resolve(".error"))).anySatisfy(p -> assertThat(p.toString()).endsWith("garbled.csv"));
    }

    @Test
    @Order(5)
    void aFileStillBeingWrittenIsReadOnlyWhenComplete() throws Exception {
        Path file = inbox.resolve("slow-writer.csv");
        Files.writeString(file, HEADER + "\r\n" + row("MZSLOW000", "已受理", "13983214567", "开始") + "\r\n", Charset.forName("GB18030"));
        for (int i = 1; i <= 8; i++) {
            // a slow exporter: a row every 300 ms, fewer than the 1000 ms quiet time the connector waits for
            long until = System.nanoTime() + 300_000_000L;
            await().pollInterval(Duration.ofMillis(50)).until(() -> System.nanoTime() >= until);
            Files.writeString(file, row("MZSLOW00" + i, "已受理", "13983214567", "续写") + "\r\n",
                    Charset.forName("GB18030"), StandardOpenOption.APPEND);
        }
        for (int i = 0; i <= 8; i++) {
            awaitCase("civil", "MZSLOW00" + i);
        }
        Path done = filesIn(inbox.resolve(".done")).stream().filter(p -> p.toString().endsWith("slow-writer.csv")).findFirst().orElseThrow();
        assertThat(Files.readAllLines(done, Charset.forName("GB18030"))).hasSize(10);
    }

    @Test
    @Order(6)
    void jsonFilesWithAnArrayOfRecordsAreRead() throws IOException {
        Files.writeString(jsonInbox.resolve("export.json"), """
                [{"办件编号":"RS0001","事项名称":"社会团体成立登记","申请单位":"涪陵区青年创业促进会","证件类型":"统一社会信用代码",
                  "证件号码":"51500102MJ0A12345K","联系人":"王建华","联系电话":"13983214567","申请时间":"2026-11-04 09:00:00",
                  "受理时间":null,"承诺时限":"20个工作日","办理状态":"待受理","当前环节":null,"经办人":null,"办理意见":null,
                  "办结时间":null,"更新时间":"20261104090000"}]
                """);
        awaitCase("social", "RS0001");
    }

    @Test
    @Order(7)
    void xmlFilesAreReadByTheXmlConventionAndAnEntityBombIsRefusedNotExpanded() throws IOException {
        Files.createDirectories(xmlInbox);
        Files.writeString(xmlInbox.resolve("export.xml"), """
                <?xml version="1.0" encoding="GB18030"?>
                <dc pc="20261121"><bjxx><办件编号>WJ0001</办件编号><事项名称>医疗机构执业登记</事项名称>
                <申请单位>涪陵区康乐诊所</申请单位><证件类型>统一社会信用代码</证件类型><证件号码>51500102MJ0A12345K</证件号码>
                <申请时间>2026-11-04 09:00:00</申请时间><承诺时限>20个工作日</承诺时限><办理状态>待受理</办理状态>
                <更新时间>20261104090000</更新时间></bjxx></dc>
                """, Charset.forName("GB18030"));
        awaitCase("health", "WJ0001");

        Files.writeString(xmlInbox.resolve("bomb.xml"), """
                <?xml version="1.0"?>
                <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
                <dc><bjxx><办件编号>&lol2;</办件编号></bjxx></dc>
                """);
        Path reason = await().atMost(Duration.ofSeconds(15)).until(() -> filesIn(xmlInbox.resolve(".error")).stream()
                .filter(p -> p.toString().endsWith("bomb.xml.reason.txt")).findFirst().orElse(null), p -> p != null);
        assertThat(Files.readString(reason)).containsIgnoringCase("DOCTYPE").doesNotContain("lollol");
        assertThat(cases.countCases("health")).isEqualTo(1);
    }

    @Test
    @Order(8)
    void withADoneFileConfiguredAFileWaitsForItsMarker() throws IOException {
        Files.createDirectories(doneInbox);
        Path file = doneInbox.resolve("night-export.csv");
        Files.writeString(file, HEADER + "\r\n" + row("ZJ0001", "已受理", "13983214567", "待标记") + "\r\n", Charset.forName("GB18030"));

        // the quiet time (100 ms) passes many times over, but without its marker the file is not taken
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> Files.exists(file));
        assertThat(cases.findByDepartmentCase("housing", "ZJ0001")).isEmpty();

        Files.writeString(doneInbox.resolve("night-export.csv.ok"), "");
        awaitCase("housing", "ZJ0001");
    }

    @Test
    @Order(9)
    void aFileReadAgainAfterACrashQueuesNothingTwice(@org.junit.jupiter.api.io.TempDir Path elsewhere) throws IOException {
        // the hub died after accepting the records but before moving the file: at restart it reads the file again
        Path file = elsewhere.resolve("crashed.csv");
        Files.writeString(file, HEADER + "\r\n" + row("MZCRASH1", "已受理", "13983214567", "第一次") + "\r\n"
                + row("MZCRASH2", "已受理", "13983214567", "第一次") + "\r\n", Charset.forName("GB18030"));
        FileDropSource source = registry.source("civil", "exports", FileDropSource.class).orElseThrow();

        FileDropSource.FileResult first = source.read(file);
        FileDropSource.FileResult again = source.read(file);

        assertThat(first.queued()).isEqualTo(2);
        assertThat(again.records()).isEqualTo(2);
        assertThat(again.queued()).isZero();
        awaitCase("civil", "MZCRASH2");
    }

    @Test
    @Order(10)
    void aHundredThousandRowFileIsStreamedInBatches() throws Exception {
        // the ingest stage of this department is stopped: this test is about reading, archiving and queueing
        camel.getRouteController().stopRoute("bulk-ingest-map");
        Files.createDirectories(bulkInbox);
        Path part = bulkInbox.resolve("big.csv.part");
        int rows = 100_000;
        try (var w = Files.newBufferedWriter(part, Charset.forName("GB18030"))) {
            w.write(HEADER + "\r\n");
            for (int i = 0; i < rows; i++) {
                w.write(row("MZBIG" + i, "已受理", "13983214567", "批量") + "\r\n");
            }
        }
        Files.move(part, bulkInbox.resolve("big.csv"));

        await().atMost(Duration.ofSeconds(240)).until(() -> filesIn(bulkInbox.resolve(".done")).size() == 1);
        assertThat(archive.count("bulk")).isEqualTo(rows);
        // every accepted batch is archived with one received-at time: many distinct times prove that the file
        // was taken in batches (500 records each, see FileDropSource.Batch), never held whole
        Integer batches = jdbc.queryForObject(
                "select count(distinct received_at) from raw_message where department = 'bulk'", Integer.class);
        assertThat(batches).isGreaterThanOrEqualTo(rows / 500 / 2);
    }

}
