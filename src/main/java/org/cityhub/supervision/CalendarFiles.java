package org.cityhub.supervision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads the calendar folder: one file {@code <year>.yaml} per year, checked entry by entry. A file that
 * cannot be trusted is refused with the file, the entry and what was expected: a wrong working day would
 * silently move every deadline.
 */
public final class CalendarFiles {

    private static final Logger log = LoggerFactory.getLogger(CalendarFiles.class);
    private static final Pattern FILE_NAME = Pattern.compile("(\\d{4})\\.ya?ml");
    private static final Set<String> TOP = Set.of("year", "provisional", "source", "holidays", "workingDays");
    private static final Set<String> HOLIDAY = Set.of("date", "from", "to", "name");
    private static final Set<String> WORKING_DAY = Set.of("date", "name");
    private static final YAMLMapper YAML = new YAMLMapper();

    private CalendarFiles() {
    }

    /**
     * Every year file of the folder; a missing folder is an empty calendar (every day falls back to Monday
     * to Friday, with a warning).
     *
     * @throws CalendarFileException when a file is broken
     */
    public static WorkingCalendar load(Path dir) {
        Map<Integer, WorkingCalendar.Year> years = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            log.warn("no calendar folder {}: working days are Monday to Friday without public holidays", dir.toAbsolutePath());
            return new WorkingCalendar(years);
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new CalendarFileException(dir, null, "cannot list the folder: " + e.getMessage());
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
                continue;
            }
            var m = FILE_NAME.matcher(name);
            if (!m.matches()) {
                throw new CalendarFileException(f, null, "expected a file named <year>.yaml, e.g. 2027.yaml");
            }
            WorkingCalendar.Year y = read(f, Integer.parseInt(m.group(1)));
            years.put(y.year(), y);
            if (y.provisional()) {
                log.warn("working-day calendar {} is PROVISIONAL ({}): {} holidays, {} adjusted working days; complete {} from the"
                        + " State Council's notice", y.year(), y.source(), y.holidays().size(), y.workingDays().size(), f);
            } else {
                log.info("working-day calendar {}: {} holidays, {} adjusted working days", y.year(), y.holidays().size(),
                        y.workingDays().size());
            }
        }
        return new WorkingCalendar(years);
    }

    /** One year file; {@code year} is the year its name says. */
    static WorkingCalendar.Year read(Path f, int year) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(f));
        } catch (JsonProcessingException e) {
            throw new CalendarFileException(f, null, "not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        } catch (IOException e) {
            throw new CalendarFileException(f, null, "cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new CalendarFileException(f, null, "expected a mapping with year, source, holidays and workingDays");
        }
        unknownKeys(f, null, root, TOP);
        JsonNode y = root.get("year");
        if (y == null || !y.canConvertToInt() || !y.isIntegralNumber()) {
            throw new CalendarFileException(f, "year", "expected the year as a number, " + year);
        }
        if (y.asInt() != year) {
            throw new CalendarFileException(f, "year", "says " + y.asInt() + " but the file is named for " + year);
        }
        JsonNode source = root.get("source");
        if (source == null || !source.isTextual() || source.asText().isBlank()) {
            throw new CalendarFileException(f, "source", "expected the notice the dates come from (text)");
        }
        JsonNode provisional = root.get("provisional");
        if (provisional != null && !provisional.isBoolean()) {
            throw new CalendarFileException(f, "provisional", "expected true or false");
        }
        Map<LocalDate, String> holidays = new LinkedHashMap<>();
        JsonNode hs = list(f, root, "holidays");
        for (int i = 0; i < hs.size(); i++) {
            String at = "holidays[" + i + "]";
            JsonNode h = entry(f, at, hs.get(i), HOLIDAY);
            String name = name(f, at, h);
            LocalDate from;
            LocalDate to;
            if (h.has("date")) {
                if (h.has("from") || h.has("to")) {
                    throw new CalendarFileException(f, at, "give either date or from/to, not both");
                }
                from = date(f, at + ".date", h.get("date"), year);
                to = from;
            } else {
                if (!h.has("from") || !h.has("to")) {
                    throw new CalendarFileException(f, at, "expected date, or from and to (a range of days)");
                }
                from = date(f, at + ".from", h.get("from"), year);
                to = date(f, at + ".to", h.get("to"), year);
                if (to.isBefore(from)) {
                    throw new CalendarFileException(f, at + ".to", to + " is before from " + from);
                }
            }
            for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
                if (holidays.putIfAbsent(d, name) != null) {
                    throw new CalendarFileException(f, at, d + " is already a holiday (" + holidays.get(d) + ")");
                }
            }
        }
        Map<LocalDate, String> working = new LinkedHashMap<>();
        JsonNode ws = list(f, root, "workingDays");
        for (int i = 0; i < ws.size(); i++) {
            String at = "workingDays[" + i + "]";
            JsonNode w = entry(f, at, ws.get(i), WORKING_DAY);
            String name = name(f, at, w);
            if (!w.has("date")) {
                throw new CalendarFileException(f, at, "expected date: the Saturday or Sunday worked (调休上班日)");
            }
            LocalDate d = date(f, at + ".date", w.get("date"), year);
            if (!WorkingCalendar.weekend(d)) {
                throw new CalendarFileException(f, at + ".date", d + " is a " + d.getDayOfWeek()
                        + ": an adjusted working day (调休上班日) is a Saturday or Sunday");
            }
            if (holidays.containsKey(d)) {
                throw new CalendarFileException(f, at + ".date", d + " is also listed as a holiday (" + holidays.get(d) + ")");
            }
            if (working.putIfAbsent(d, name) != null) {
                throw new CalendarFileException(f, at + ".date", d + " is listed twice");
            }
        }
        return new WorkingCalendar.Year(year, provisional != null && provisional.asBoolean(), source.asText(),
                Map.copyOf(holidays), Map.copyOf(working));
    }

    private static JsonNode list(Path f, JsonNode root, String key) {
        JsonNode n = root.get(key);
        if (n == null || !n.isArray()) {
            throw new CalendarFileException(f, key, "expected a list (write [] when there is none)");
        }
        return n;
    }

    private static JsonNode entry(Path f, String at, JsonNode n, Set<String> keys) {
        if (!n.isObject()) {
            throw new CalendarFileException(f, at, "expected a mapping such as { date: 2027-01-01, name: 元旦 }");
        }
        unknownKeys(f, at, n, keys);
        return n;
    }

    private static String name(Path f, String at, JsonNode n) {
        JsonNode name = n.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw new CalendarFileException(f, at + ".name", "expected the holiday's name, e.g. 春节");
        }
        return name.asText();
    }

    private static void unknownKeys(Path f, String at, JsonNode n, Set<String> allowed) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new CalendarFileException(f, at == null ? k : at + "." + k, "unknown key; expected one of " + allowed);
            }
        }
    }

    private static LocalDate date(Path f, String at, JsonNode n, int year) {
        LocalDate d;
        try {
            d = LocalDate.parse(n.asText());
        } catch (DateTimeParseException e) {
            throw new CalendarFileException(f, at, "'" + n.asText() + "' is not a date; expected YYYY-MM-DD");
        }
        if (d.getYear() != year) {
            throw new CalendarFileException(f, at, d + " is not in " + year);
        }
        return d;
    }
}
