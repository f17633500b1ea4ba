package org.cityhub.connector;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.cityhub.mapping.CaseMapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code http-call}: sends a case as JSON (the reverse mapping's output) to a department's REST
 * endpoint. 2xx is success (the department's case number is read from the answer if it gives one);
 * 5xx, timeouts and refused connections are transient; any other status is a refusal.
 */
final class HttpCallTarget extends OutboundTarget {

    private final ObjectMapper json;
    private final HttpClient http;
    private final URI url;
    private final String method;
    private final Duration timeout;
    private final String authHeader;
    private final String authValue;
    private final String caseNoPointer;

    HttpCallTarget(String department, String name, CaseMapping reverse, JsonNode p, ObjectMapper json) {
        super(department, name, reverse, p.path("retries").asInt());
        this.json = json;
        String u = p.path("url").asText();
        if (!u.startsWith("http://") && !u.startsWith("https://")) {
            throw new IllegalArgumentException("url: expected an http:// or https:// address, got '" + u + "'");
        }
        this.url = URI.create(u);
        this.method = p.path("method").asText("POST");
        this.timeout = Duration.ofMillis(p.path("timeout").asLong());
        this.authHeader = p.path("authHeader").asText("");
        this.authValue = p.path("authValue").asText("");
        this.caseNoPointer = p.path("caseNoPointer").asText("");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    protected Reply attempt(ObjectNode record) throws AttemptFailed {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes(record)));
        if (!authHeader.isEmpty() && !authValue.isEmpty()) {
            request.header(authHeader, authValue);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AttemptFailed("cannot reach " + url.getAuthority() + ": " + e.getClass().getSimpleName(), true);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AttemptFailed("interrupted", true);
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        String excerpt = body.length() > 300 ? body.substring(0, 300) + "…" : body;
        if (status >= 500) {
            throw new AttemptFailed(url.getAuthority() + " answered HTTP " + status + ": " + excerpt, true);
        }
        if (status < 200 || status >= 300) {
            throw new AttemptFailed(url.getAuthority() + " refused the case with HTTP " + status + ": " + excerpt, false);
        }
        String caseNo = null;
        if (!caseNoPointer.isEmpty() && !body.isBlank()) {
            try {
                JsonNode v = json.readTree(body).at(caseNoPointer);
                caseNo = v.isValueNode() && !v.isNull() ? v.asText() : null;
            } catch (IOException e) {
                caseNo = null;
            }
        }
        return new Reply(caseNo, "HTTP " + status);
    }

    private byte[] bytes(ObjectNode record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
