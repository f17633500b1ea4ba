package org.cityhub.demo;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The civil-affairs bureau (民政局) of the demo: its system exports cases as GBK CSV files with Chinese
 * headers and CRLF line ends into its inbox folder, a history file first and then small hourly-style
 * exports (every few seconds in the demo) with new and progressed cases. Dates come in several forms,
 * time limits as "20个工作日", remarks with commas in quotes, now and then a phone number typed with
 * full-width digits: what hand-maintained exports look like. Files are written under a temporary name
 * and renamed when complete.
 */
public final class CivilAffairsFileDrops {

    /** The columns of the export, as the bureau's system names them. */
    public static final List<String> HEADER = List.of("办件编号", "事项名称", "申请单位", "证件类型", "证件号码", "联系人",
            "联系电话", "申请时间", "受理时间", "承诺时限", "办理状态", "当前环节", "经办人", "办理意见", "办结时间", "更新时间");

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final Charset GBK = Charset.forName("GBK");
    private static final String[][] ITEMS = {
        {"社会团体成立登记", "20个工作日", "51"}, {"民办非企业单位成立登记", "20个工作日", "52"},
        {"社会团体变更登记", "10个工作日", "51"}, {"慈善组织认定", "20个工作日", "53"}, {"养老机构备案", "5个工作日", "P"}};
    private static final String[] ORG_PREFIX = {"涪陵区", "重庆市涪陵区", "涪陵"};
    private static final String[] ORG_NAME = {"书法家协会", "青少年足球协会", "乐龄养老服务中心", "社区志愿者协会", "慈善基金会",
        "农业技术推广协会", "康乐社会工作服务中心", "长江文化研究会", "敬老院", "青年创业促进会"};
    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "周", "吴", "冉", "谭", "向"};
    private static final String[] GIVEN = {"建华", "秀兰", "志强", "海燕", "国平", "春梅", "德明", "晓东", "丽娟", "光荣"};
    private static final String[] CLERKS = {"刘春燕", "谭志勇", "冉晓梅", "向国庆"};
    private static final String[] STEPS = {"受理", "初审", "复核", "审批", "发证"};
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter DASHED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("yyyy/M/d");
    private static final DateTimeFormatter CHINESE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final Path inbox;
    private final RandomGenerator random;
    private final Clock clock;
    private final List<OpenCase> open = new ArrayList<>();
    private int serial;

    public CivilAffairsFileDrops(Path inbox, RandomGenerator random, Clock clock) {
        this.inbox = inbox;
        this.random = random;
        this.clock = clock;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock.withZone(CHINA));
    }

    /** Writes the history export: {@code cases} cases from the last weeks, most of them finished. */
    public Path exportHistory(int cases) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        LocalDateTime now = now();
        for (int i = 0; i < cases; i++) {
            OpenCase c = newCase(now.minusDays(2 + random.nextInt(40)).minusMinutes(random.nextInt(600)));
            int steps = 1 + random.nextInt(STEPS.length + 1);
            for (int s = 0; s < steps && !c.done; s++) {
                c.progress(c.updated.plusHours(4 + random.nextInt(40)));
            }
            rows.add(c.row());
            if (!c.done) {
                open.add(c);
            }
        }
        return write("MZ_BJXX_LS_", rows);
    }

    /** One periodic export: a few new applications and a few cases moved on. */
    public Path exportChanges(int newCases, int progressed) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        LocalDateTime now = now();
        for (int i = 0; i < progressed && !open.isEmpty(); i++) {
            OpenCase c = open.get(random.nextInt(open.size()));
            c.progress(now);
            rows.add(c.row());
            if (c.done) {
                open.remove(c);
            }
        }
        for (int i = 0; i < newCases; i++) {
            OpenCase c = newCase(now);
            open.add(c);
            rows.add(c.row());
        }
        return write("MZ_BJXX_", rows);
    }

    private Path write(String prefix, List<List<String>> rows) throws IOException {
        Files.createDirectories(inbox);
        String name = prefix + now().format(STAMP) + "_" + (++serial) + ".csv";
        Path part = inbox.resolve(name + ".part");
        try (Writer w = new OutputStreamWriter(Files.newOutputStream(part), GBK);
             CSVPrinter csv = new CSVPrinter(w, CSVFormat.DEFAULT.builder().setRecordSeparator("\r\n").get())) {
            csv.printRecord(HEADER);
            for (List<String> row : rows) {
                csv.printRecord(row);
            }
        }
        return Files.move(part, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private OpenCase newCase(LocalDateTime at) {
        String[] item = ITEMS[random.nextInt(ITEMS.length)];
        OpenCase c = new OpenCase();
        c.no = "MZ" + at.format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%05d", random.nextInt(100000));
        c.item = item;
        c.contact = SURNAMES[random.nextInt(SURNAMES.length)] + GIVEN[random.nextInt(GIVEN.length)];
        if ("P".equals(item[2])) {
            c.applicant = c.contact;
            c.idType = "身份证";
            c.idNumber = residentId(at);
        } else {
            c.applicant = ORG_PREFIX[random.nextInt(ORG_PREFIX.length)] + ORG_NAME[random.nextInt(ORG_NAME.length)];
            c.idType = "统一社会信用代码";
            c.idNumber = creditCode(item[2]);
        }
        String phone = "1" + (3 + random.nextInt(7)) + String.format("%09d", random.nextInt(1_000_000_000));
        c.phone = random.nextInt(10) == 0 ? fullWidth(phone) : phone;
        c.submitted = at;
        c.updated = at;
        c.status = "待受理";
        return c;
    }

    private String residentId(LocalDateTime at) {
        return DemoIdentifiers.residentId("500102" + at.minusYears(25 + random.nextInt(40)).minusDays(random.nextInt(365))
                .format(DateTimeFormatter.BASIC_ISO_DATE) + String.format("%03d", random.nextInt(1000)));
    }

    private String creditCode(String category) {
        return DemoIdentifiers.creditCode(category, "500102", "MJ" + String.format("%06d", random.nextInt(1_000_000)));
    }

    private static String fullWidth(String digits) {
        StringBuilder b = new StringBuilder();
        digits.chars().forEach(ch -> b.append((char) (ch - '0' + '０')));
        return b.toString();
    }

    private String date(LocalDateTime t) {
        return switch (random.nextInt(6)) {
            case 0 -> t.format(SLASHED);
            case 1 -> t.format(CHINESE);
            default -> t.format(DASHED);
        };
    }

    /** A case as the bureau's system knows it, moved along its simple lifecycle. */
    private final class OpenCase {
        String no;
        String[] item;
        String applicant;
        String idType;
        String idNumber;
        String contact;
        String phone;
        LocalDateTime submitted;
        LocalDateTime accepted;
        LocalDateTime finished;
        LocalDateTime updated;
        String status;
        String step = "";
        String clerk = "";
        String opinion = "";
        boolean done;

        void progress(LocalDateTime at) {
            updated = at;
            clerk = CLERKS[random.nextInt(CLERKS.length)];
            switch (status) {
                case "待受理" -> {
                    if (random.nextInt(12) == 0) {
                        status = "不予受理";
                        step = "受理";
                        opinion = "申请事项不属于本机关职权范围,告知向有关部门申请";
                        finished = at;
                        done = true;
                    } else {
                        status = "已受理";
                        step = "受理";
                        opinion = "材料齐全,予以受理";
                        accepted = at;
                    }
                }
                case "已受理", "补正材料" -> {
                    status = random.nextInt(6) == 0 && "已受理".equals(status) ? "补正材料" : "审核中";
                    step = "补正材料".equals(status) ? "初审" : "复核";
                    opinion = "补正材料".equals(status) ? "章程草案缺少\"会员大会\"条款,请补正" : "经审核,符合登记条件";
                }
                default -> {
                    status = "已办结";
                    step = "发证";
                    opinion = "准予登记,核发登记证书";
                    finished = at;
                    done = true;
                }
            }
        }

        List<String> row() {
            return List.of(no, item[0], applicant, idType, idNumber, contact, phone, date(submitted),
                    accepted == null ? "" : accepted.format(DASHED), item[1], status, step, clerk, opinion,
                    finished == null ? "" : date(finished), updated.format(STAMP));
        }
    }
}
