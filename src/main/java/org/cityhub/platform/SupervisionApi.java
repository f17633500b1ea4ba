package org.cityhub.platform;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.cityhub.supervision.Assessment;
import org.cityhub.supervision.Light;
import org.cityhub.supervision.LightCalculator;
import org.cityhub.supervision.LightStore;
import org.cityhub.supervision.Statistics;
import org.cityhub.supervision.SupervisionKeeper;
import org.cityhub.store.CaseStore;
import org.cityhub.store.StoredCase;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Electronic supervision for operators and the platform: late and nearly late cases (alerts) and the
 * statistics per department and period. Lights are filtered on the persisted table; each listed case's
 * light, deadline and elapsed share are as of the moment of the request.
 */
@RestController
@RequestMapping(path = "/api/v1/supervision", produces = MediaType.APPLICATION_JSON_VALUE)
class SupervisionApi {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 500;
    private static final Pattern DEPARTMENT = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    private static final Set<Light> ALERT_LIGHTS = EnumSet.of(Light.GREEN, Light.YELLOW, Light.RED);
    private static final String CURSOR_PREFIX = "s1:";

    private final LightStore lights;
    private final SupervisionKeeper keeper;
    private final CaseStore cases;
    private final ObjectMapper json;
    private final Clock clock;

    private final org.cityhub.security.Access access;

    SupervisionApi(LightStore lights, SupervisionKeeper keeper, CaseStore cases, ObjectMapper json, Clock clock,
                   org.cityhub.security.Access access) {
        this.access = access;
        this.lights = lights;
        this.keeper = keeper;
        this.cases = cases;
        this.json = json;
        this.clock = clock;
    }

    @GetMapping("/alerts")
    ObjectNode alerts(@RequestParam(required = false) List<String> light, @RequestParam(required = false) String department,
                      @RequestParam(required = false) String limit, @RequestParam(required = false) String after)
            throws JsonProcessingException {
        Set<Light> wanted = EnumSet.noneOf(Light.class);
        if (light == null || light.isEmpty()) {
            wanted.add(Light.YELLOW);
            wanted.add(Light.RED);
        } else {
            for (String l : light) {
                for (String one : l.split(",")) {
                    try {
                        Light x = Light.valueOf(one.trim());
                        if (!ALERT_LIGHTS.contains(x)) {
                            throw new IllegalArgumentException();
                        }
                        wanted.add(x);
                    } catch (IllegalArgumentException e) {
                        throw ApiProblem.badRequest("Invalid parameter", "light: expected GREEN, YELLOW or RED (repeat the"
                                + " parameter or separate by commas for several), not '" + one + "'");
                    }
                }
            }
        }
        checkDepartment(department);
        if (department != null) {
            access.require(department);
        }
        int n = parseLimit(limit);
        Instant afterDeadline = null;
        String afterCode = null;
        if (after != null && !after.isEmpty()) {
            String[] k = decodeCursor(after);
            afterDeadline = Instant.ofEpochMilli(Long.parseLong(k[0]));
            afterCode = k[1];
        }
        List<LightStore.Row> rows = lights.byDeadline(wanted, department, afterDeadline, afterCode, n);
        Instant now = clock.instant();
        ObjectNode out = json.createObjectNode();
        out.put("asOf", format(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)));
        ArrayNode items = out.putArray("items");
        for (LightStore.Row r : rows) {
            if (!access.sees(r.department())) {
                continue; // outside the client's department scope
            }
            Optional<StoredCase> c = cases.findByCode(r.supervisionCode());
            // as of now, without writing (the keeper's sweep and feed reader keep the table)
            Optional<Assessment> live = c.map(keeper::current);
            if (c.isEmpty() || live.isEmpty() || !wanted.contains(live.get().light())) {
                continue; // changed since the table was written (the keeper corrects it on its next run)
            }
            Assessment a = live.get();
            JsonNode doc = json.readTree(c.get().content());
            ObjectNode item = items.addObject();
            item.put("supervisionCode", r.supervisionCode());
            item.put("department", r.department());
            item.put("departmentCaseNo", c.get().departmentCaseNo());
            item.put("itemName", doc.path("application").path("itemName").asText());
            item.put("status", c.get().status());
            item.put("light", a.light().name());
            item.put("deadline", format(a.deadline()));
            item.put("elapsedShare", a.elapsedShare());
            item.put("clockStopped", a.clockStopped());
            item.put("acceptedAt", doc.path("acceptance").path("acceptedAt").asText());
        }
        if (rows.size() == n) {
            LightStore.Row last = rows.get(rows.size() - 1);
            out.put("nextCursor", encodeCursor(last.deadline().toInstant().toEpochMilli(), last.supervisionCode()));
        }
        return out;
    }

    @GetMapping("/statistics")
    ObjectNode statistics(@RequestParam(required = false) String department, @RequestParam(required = false) String from,
                          @RequestParam(required = false) String to) {
        checkDepartment(department);
        if (department != null) {
            access.require(department);
        }
        LocalDate today = LocalDate.now(clock.withZone(LightCalculator.CHINA));
        LocalDate first = from == null ? today.withDayOfMonth(1) : date("from", from);
        LocalDate last = to == null ? today : date("to", to);
        if (last.isBefore(first)) {
            throw ApiProblem.badRequest("Invalid parameter", "to: " + last + " is before from " + first);
        }
        Instant start = first.atStartOfDay(LightCalculator.CHINA).toInstant();
        Instant end = last.plusDays(1).atStartOfDay(LightCalculator.CHINA).toInstant();
        Map<String, ObjectNode> byChannel = new HashMap<>();
        for (Object[] r : lights.receivedByChannel(department, start, end)) {
            byChannel.computeIfAbsent((String) r[0], d -> json.createObjectNode())
                    .put(r[1] == null ? "unknown" : (String) r[1], (Long) r[2]);
        }
        ObjectNode out = json.createObjectNode();
        out.put("from", first.toString());
        out.put("to", last.toString());
        ArrayNode departments = out.putArray("departments");
        List<Statistics.Counts> counts = new ArrayList<>(lights.statistics(department, start, end));
        if (counts.isEmpty() && department != null) {
            counts.add(new Statistics.Counts(department, 0, 0, 0, 0, 0, 0, null, 0, 0, 0, 0, 0));
        }
        for (Statistics.Counts c : counts) {
            if (!access.sees(c.department())) {
                continue;
            }
            ObjectNode d = departments.addObject();
            d.put("department", c.department());
            d.put("received", c.received());
            d.put("completed", c.completed());
            d.put("completedOnTime", c.completedOnTime());
            d.put("completedLate", c.completedLate());
            d.put("completedWithoutLimit", c.completed() - c.completedOnTime() - c.completedLate());
            if (c.averageHandlingDays() == null) {
                d.putNull("averageHandlingDays");
            } else {
                d.put("averageHandlingDays", Math.round(c.averageHandlingDays() * 100) / 100.0);
            }
            ObjectNode online = d.putObject("onlineShare");
            rate(online, Statistics.onlineHandlingRate(c));
            online.set("byChannel", byChannel.getOrDefault(c.department(), json.createObjectNode()));
            ObjectNode rates = d.putObject("rates");
            rate(rates.putObject("onlineFullProcessRate"), Statistics.onlineFullProcessRate(c));
            rate(rates.putObject("onlineHandlingRate"), Statistics.onlineHandlingRate(c));
            rate(rates.putObject("onlineCompletionRate"), Statistics.onlineCompletionRate(c));
        }
        return out;
    }

    private static void rate(ObjectNode node, Statistics.Rate r) {
        if (r.value() == null) {
            node.putNull("value");
            node.put("missing", r.missing());
        } else {
            node.put("value", r.value());
        }
        node.put("numerator", r.numerator());
        node.put("denominator", r.denominator());
    }

    private static LocalDate date(String name, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("Invalid parameter", name + ": expected a date YYYY-MM-DD (China time), not '" + value + "'");
        }
    }

    private static void checkDepartment(String department) {
        if (department != null && !DEPARTMENT.matcher(department).matches()) {
            throw ApiProblem.badRequest("Invalid parameter",
                    "department: expected a department code (lowercase letters, digits, '-'; 2-32 characters)");
        }
    }

    private static String format(Instant i) {
        return i.atZone(LightCalculator.CHINA).toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static int parseLimit(String limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(limit);
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal
        }
        throw ApiProblem.badRequest("Invalid parameter", "limit: expected a whole number from 1 to " + MAX_LIMIT);
    }

    static String encodeCursor(long deadlineMillis, String code) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((CURSOR_PREFIX + deadlineMillis + ":" + code).getBytes(StandardCharsets.US_ASCII));
    }

    static String[] decodeCursor(String cursor) {
        try {
            if (cursor.length() <= 80) {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
                if (text.startsWith(CURSOR_PREFIX)) {
                    String[] k = text.substring(CURSOR_PREFIX.length()).split(":", 2);
                    if (k.length == 2 && k[0].matches("-?[0-9]{1,18}") && k[1].matches("[0-9A-Z]{25}")) {
                        return k;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw ApiProblem.badRequest("Malformed cursor",
                "after: not a cursor this API issued; pass the nextCursor of a previous page, or leave it out to start at the beginning");
    }

    /** The hub-owned {@code supervision} object of a case document. */
    static ObjectNode view(Assessment a, ObjectMapper json) {
        ObjectNode s = json.createObjectNode();
        s.put("light", a.light().name());
        if (a.reason() != null) {
            s.put("reason", a.reason());
        }
        if (a.deadline() != null) {
            s.put("deadline", format(a.deadline()));
        }
        if (a.elapsedShare() != null) {
            s.put("elapsedShare", a.elapsedShare());
        }
        s.put("clockStopped", a.clockStopped());
        if (a.completedOnTime() != null) {
            s.put("completedOnTime", a.completedOnTime());
        }
        return s;
    }
}
