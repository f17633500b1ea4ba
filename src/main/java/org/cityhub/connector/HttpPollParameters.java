package org.cityhub.connector;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;

/** The parameters of the {@code http-poll} template (defaults come from the connector schema). */
record HttpPollParameters(String url, String sinceParam, String pageParam, String pageSizeParam, int firstPage,
                          String sinceFormat, String recordsPointer, String totalPointer, String watermarkField,
                          String keyField, String initialSince, Duration overlap, int pageSize, long period, int timeout,
                          int retries, String authHeader, String authValue) {

    static HttpPollParameters from(JsonNode p) {
        String url = p.path("url").asText();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("url: expected an http:// or https:// address, got '" + url + "'");
        }
        Duration overlap;
        try {
            overlap = Duration.parse(p.path("overlap").asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("overlap: expected an ISO-8601 duration such as PT5M, got '" + p.path("overlap").asText() + "'");
        }
        String sinceFormat = p.path("sinceFormat").asText();
        try {
            DateTimeFormatter.ofPattern(sinceFormat).format(LocalDateTime.now());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("sinceFormat: expected a date-time pattern such as yyyyMMddHHmmss, got '" + sinceFormat + "'");
        }
        String initial = p.path("initialSince").asText();
        try {
            LocalDateTime.parse(initial, DateTimeFormatter.ofPattern("yyyyMMddHHmmss"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("initialSince: expected yyyyMMddHHmmss, got '" + initial + "'");
        }
        for (String pointer : new String[] {"recordsPointer", "totalPointer"}) {
            String v = p.path(pointer).asText();
            if (!v.isEmpty() && !v.startsWith("/")) {
                throw new IllegalArgumentException(pointer + ": expected a JSON pointer such as /data/items, got '" + v + "'");
            }
        }
        return new HttpPollParameters(url, p.path("sinceParam").asText(), p.path("pageParam").asText(),
                p.path("pageSizeParam").asText(), p.path("firstPage").asInt(), sinceFormat, p.path("recordsPointer").asText(),
                p.path("totalPointer").asText(), p.path("watermarkField").asText(), p.path("keyField").asText(), initial,
                overlap, p.path("pageSize").asInt(), p.path("period").asLong(), p.path("timeout").asInt(),
                p.path("retries").asInt(), p.path("authHeader").asText(), p.path("authValue").asText());
    }
}
