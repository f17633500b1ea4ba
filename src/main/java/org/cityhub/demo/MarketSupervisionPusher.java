package org.cityhub.demo;

import java.io.StringReader;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;

import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.soap.SOAPBinding;

/**
 * The market-supervision bureau (市场监督管理局) of the demo: its approval system was reworked to the
 * platform's interface (full fusion) and reports new food-business licence cases and their progress by
 * calling the hub's {@code reportCases} SOAP endpoint, as a real client over HTTP.
 */
public final class MarketSupervisionPusher {

    private static final String NS = "http://cityhub.example/push/1";
    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String[] ITEMS = {"食品经营许可", "食品生产许可", "药品零售企业许可", "特种设备使用登记"};
    private static final String[] SHOPS = {"江东餐饮店", "白鹤梁火锅店", "乌江鱼庄", "榨菜小吃店", "滨江便利店", "太极大药房"};
    private static final String[] STATES = {"01", "02", "03", "09"};

    private final String address;
    private final RandomGenerator random;
    private final Clock clock;
    private final List<String[]> open = new ArrayList<>();
    private int serial;

    public MarketSupervisionPusher(String address, RandomGenerator random, Clock clock) {
        this.address = address;
        this.random = random;
        this.clock = clock;
    }

    /** Reports a few new cases and moves a few on, in one call; returns the hub's reply. */
    public String push(int newCases, int progressed) throws Exception {
        LocalDateTime now = LocalDateTime.now(clock.withZone(CHINA));
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < progressed && !open.isEmpty(); i++) {
            String[] c = open.get(random.nextInt(open.size()));
            int state = List.of(STATES).indexOf(c[4]);
            c[4] = STATES[Math.min(state + 1, STATES.length - 1)];
            c[5] = now.format(STAMP);
            if ("09".equals(c[4])) {
                open.remove(c);
            }
            records.append(record(c));
        }
        for (int i = 0; i < newCases; i++) {
            String shop = "涪陵区" + SHOPS[random.nextInt(SHOPS.length)];
            String[] c = {"SJ" + now.format(STAMP) + String.format("%03d", ++serial % 1000), ITEMS[random.nextInt(ITEMS.length)],
                shop, creditCode(), "01", now.format(STAMP), now.format(STAMP)};
            open.add(c);
            records.append(record(c));
        }
        String payload = "<ch:reportCases xmlns:ch=\"" + NS + "\"><messageId>SJ-" + now.format(STAMP) + "</messageId>"
                + records + "</ch:reportCases>";
        QName service = new QName(NS, "CaseReportService");
        QName port = new QName(NS, "CaseReportPort");
        Service s = Service.create(service);
        s.addPort(port, SOAPBinding.SOAP11HTTP_BINDING, address);
        Dispatch<Source> dispatch = s.createDispatch(port, Source.class, Service.Mode.PAYLOAD);
        // the market bureau's system authenticates as the demo client demo-market-system (README, "Permissions")
        dispatch.getRequestContext().put(jakarta.xml.ws.handler.MessageContext.HTTP_REQUEST_HEADERS,
                java.util.Map.of("X-Api-Key", java.util.List.of("demo-market-key")));
        Source reply = dispatch.invoke(new StreamSource(new StringReader(payload)));
        return String.valueOf(reply);
    }

    private static String record(String[] c) {
        return "<record><ywlsh>" + c[0] + "</ywlsh><sxmc>" + c[1] + "</sxmc><sqr>" + c[2] + "</sqr><zjlx>TYDM</zjlx>"
                + "<zjhm>" + c[3] + "</zjhm><sqsj>" + c[6] + "</sqsj><blzt>" + c[4] + "</blzt><gxsj>" + c[5] + "</gxsj></record>";
    }

    private String creditCode() {
        StringBuilder org = new StringBuilder("MA");
        while (org.length() < 8) {
            org.append(DemoIdentifiers.CREDIT_ALPHABET.charAt(random.nextInt(10)));
        }
        return DemoIdentifiers.creditCode("92", "500102", org.toString());
    }
}
