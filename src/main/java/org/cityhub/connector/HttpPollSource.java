package org.cityhub.connector;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.cityhub.mapping.LegacyDates;
import org.cityhub.store.RawArchive;
import org.cityhub.store.Watermarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code http-poll} source: polls a newer department system's REST/JSON endpoint for cases changed
 * since a time, page by page. Same guarantees as the other polling shapes: each page is durably
 * accepted before the watermark (the latest change time seen) moves; a poll starts an overlap window
 * before it; re-read records are not queued again. Transient failures (connection refused, timeout,
 * HTTP 5xx) are retried within the poll with back-off; a department that stays down is logged once per
 * failure spell and polled again with back-off (see FailureSpell), with nothing lost.
 */
public final class HttpPollSource implements PollingSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpPollSource.class);
    private static final ZoneOffset CHINA = LegacyDates.CHINA;

    private final String department;
    private final String connector;
    private final HttpPollParameters params;
    private final RecordIntake intake;
    private final Watermarks watermarks;
    private final ObjectMapper json;
    private final HttpClient http;
    private final DateTimeFormatter sinceFormat;
    private final FailureSpell spell;

    HttpPollSource(String department, String connector, HttpPollParameters params, RecordIntake intake,
                   Watermarks watermarks, ObjectMapper json) {
        this.department = department;
        this.connector = connector;
        this.params = params;
        this.intake = intake;
        this.watermarks = watermarks;
        this.json = json;
        this.sinceFormat = DateTimeFormatter.ofPattern(params.sinceFormat());
        this.spell = new FailureSpell(log, department + "-" + connector, "the department's endpoint");
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(params.timeout()))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** One poll, called by the source route; department failures never escape as exceptions. */
    public PollResult poll() {
        if (!spell.due()) {
            return PollResult.none(); // backing off while the department fails (FailureSpell)
        }
        try {
            PollResult r = pollOnce();
            spell.succeeded();
            return r;
        } catch (DepartmentFailure e) {
            spell.failed(e.getMessage(), params.period());
            return PollResult.none();
        }
    }

    /** The last failure of the department endpoint, or null while polls succeed. */
    @Override
    public String toWatermark(String operatorValue) {
        return PollingSource.parseLocalDateTime(operatorValue).toString();
    }

    @Override
    public String lastError() {
        return spell.lastError();
    }

    @Override
    public java.time.Instant lastSuccess() {
        return spell.lastSuccess();
    }

    private PollResult pollOnce() {
        Watermarks.Mark mark = watermarks.get(department, connector).orElse(null);
        LocalDateTime since = mark == null || mark.value() == null
                ? LocalDateTime.parse(params.initialSince(), DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))
                : LocalDateTime.parse(mark.value()).minus(params.overlap());
        LocalDateTime newest = mark == null || mark.value() == null ? null : LocalDateTime.parse(mark.value());
        long accepted = mark == null ? 0 : mark.rowsAccepted();
        int read = 0;
        int queued = 0;
        int pages = 0;
        long seen = 0;
        for (int page = params.firstPage(); ; page++) {
            Page p = fetch(since, page);
            pages++;
            read += p.records.size();
            seen += p.records.size();
            List<RawArchive.Received> batch = new ArrayList<>(p.records.size());
            for (ObjectNode r : p.records) {
                LocalDateTime changed = changeTime(r);
                if (newest == null || changed.isAfter(newest)) {
                    newest = changed;
                }
                batch.add(new RawArchive.Received(key(r), RecordIntake.JSON, bytes(r)));
            }
            int n = intake.accept(department, connector, batch);
            queued += n;
            accepted += n;
            if (newest != null) {
                watermarks.put(department, connector, new Watermarks.Mark(newest.toString(), null, accepted));
            }
            boolean last = p.records.size() < params.pageSize() || (p.total != null && seen >= p.total);
            if (last) {
                break;
            }
        }
        if (queued > 0) {
            log.info("{}-{}: read {} records in {} pages, queued {} new or changed", department, connector, read, pages, queued);
        }
        return new PollResult(read, queued, pages);
    }

    private LocalDateTime changeTime(ObjectNode record) {
        JsonNode v = record.get(params.watermarkField());
        if (v == null || v.isNull()) {
            throw new DepartmentFailure("a record has no " + params.watermarkField() + " (the change time the watermark follows)");
        }
        try {
            return LegacyDates.parse(v.asText()).withOffsetSameInstant(CHINA).toLocalDateTime();
        } catch (IllegalArgumentException e) {
            throw new DepartmentFailure("a record's " + params.watermarkField() + " is not a time: " + e.getMessage());
        }
    }

    private String key(ObjectNode r) {
        JsonNode k = params.keyField().isEmpty() ? null : r.get(params.keyField());
        return k == null || k.isNull() ? null : k.asText();
    }

    private byte[] bytes(ObjectNode r) {
        try {
            return json.writeValueAsBytes(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Page(List<ObjectNode> records, Long total) {
    }

    /** One page, with retries on transient failures. */
    private Page fetch(LocalDateTime since, int page) {
        URI uri = URI.create(params.url() + (params.url().contains("?") ? "&" : "?")
                + enc(params.sinceParam()) + "=" + enc(since.format(sinceFormat))
                + "&" + enc(params.pageParam()) + "=" + page + "&" + enc(params.pageSizeParam()) + "=" + params.pageSize());
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(params.timeout()))
                .header("Accept", "application/json").GET();
        if (!params.authHeader().isEmpty() && !params.authValue().isEmpty()) {
            request.header(params.authHeader(), params.authValue());
        }
        DepartmentFailure failure = null;
        for (int attempt = 0; attempt <= params.retries(); attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                failure = new DepartmentFailure("cannot reach " + hostOf(uri) + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage()));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DepartmentFailure("interrupted");
            }
            int status = response.statusCode();
            if (status >= 500) {
                failure = new DepartmentFailure(hostOf(uri) + " answered HTTP " + status);
                continue;
            }
            if (status != 200) {
                throw new DepartmentFailure(hostOf(uri) + " answered HTTP " + status
                        + (status == 401 || status == 403 ? " (check authHeader/authValue)" : ""));
            }
            return parse(response.body());
        }
        throw failure;
    }

    private Page parse(byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (IOException e) {
            throw new DepartmentFailure("the answer is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        JsonNode records = root == null ? null : root.at(params.recordsPointer());
        if (records == null || !records.isArray()) {
            throw new DepartmentFailure("the answer has no array at " + params.recordsPointer());
        }
        List<ObjectNode> list = new ArrayList<>(records.size());
        for (JsonNode r : records) {
            if (!(r instanceof ObjectNode o)) {
                throw new DepartmentFailure("an element of " + params.recordsPointer() + " is not an object");
            }
            list.add(o);
        }
        Long total = null;
        if (!params.totalPointer().isEmpty()) {
            JsonNode t = root.at(params.totalPointer());
            if (t.canConvertToLong()) {
                total = t.asLong();
            } else if (t.isTextual() && t.asText().matches("\\d{1,18}")) {
                total = Long.parseLong(t.asText());
            }
        }
        return new Page(list, total);
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(5_000L, 200L * (1L << attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String hostOf(URI uri) {
        return uri.getScheme() + "://" + uri.getAuthority();
    }

    @Override
    public void close() {
        // Java 17's HttpClient holds no resources that need closing
    }

    /** The department's endpoint failed; nothing of this poll after the last accepted page is lost. */
    static final class DepartmentFailure extends RuntimeException {
        DepartmentFailure(String message) {
            super(message);
        }
    }
}
