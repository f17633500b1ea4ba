package org.cityhub.callout;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.cityhub.connector.ConnectorFile;
import org.cityhub.mapping.CaseMapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code http-callout}: the department's REST/JSON endpoint, with {@code java.net.http}. GET sends the mapped
 * request's fields as query parameters, POST and PUT as a JSON body. 2xx with a JSON answer is the answer;
 * 4xx is the department refusing the request; 5xx, an answer that is not JSON, or no connection is its failure.
 */
final class HttpCallout extends CalloutOperation {

    private final ObjectMapper json;
    private final HttpClient http;
    private final String url;
    private final String method;
    private final Map<String, String> headers = new LinkedHashMap<>();

    HttpCallout(String department, ConnectorFile.Callout settings, CaseMapping request, CaseMapping response, ObjectMapper json) {
        super(department, settings, request, response);
        this.json = json;
        JsonNode p = settings.parameters();
        this.url = p.path("url").asText();
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException("url: expected an http:// or https:// address, got '" + url + "'");
        }
        URI.create(url);
        this.method = p.path("method").asText("POST");
        p.path("headers").fields().forEachRemaining(e -> {
            if (e.getValue().asText().contains("${")) {
                // only authValue is read from the environment; a placeholder here would be sent as it is written
                throw new IllegalArgumentException("headers." + e.getKey() + ": constant values only; put a credential into"
                        + " authHeader/authValue (authValue: ${ENV_NAME})");
            }
            headers.put(e.getKey(), e.getValue().asText());
        });
        String authHeader = p.path("authHeader").asText("");
        if (!authHeader.isEmpty()) {
            headers.put(authHeader, p.path("authValue").asText(""));
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(settings.timeout())).build();
    }

    @Override
    protected Answer invoke(ObjectNode mapped) {
        HttpRequest.Builder request;
        if ("GET".equals(method)) {
            StringJoiner query = new StringJoiner("&");
            mapped.fields().forEachRemaining(e -> query.add(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                    + URLEncoder.encode(e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString(), StandardCharsets.UTF_8)));
            String target = query.length() == 0 ? url : url + (url.contains("?") ? "&" : "?") + query;
            request = HttpRequest.newBuilder(URI.create(target)).GET();
        } else {
            byte[] body;
            try {
                body = json.writeValueAsBytes(mapped);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        }
        // the route's time limit answers the caller; this one only frees the thread soon after
        request.timeout(Duration.ofMillis(settings.timeout() + 1000L)).header("Accept", "application/json");
        headers.forEach(request::header);
        HttpResponse<String> response;
        String where = department + "/" + name() + " (" + URI.create(url).getAuthority() + ")";
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException e) {
            throw new CalloutFailure(CalloutOutcome.UNAVAILABLE, where + ": no connection within " + settings.timeout() + " ms");
        } catch (HttpTimeoutException e) {
            throw new CalloutFailure(CalloutOutcome.TIMEOUT, where + ": no answer in time");
        } catch (IOException e) {
            throw new CalloutFailure(CalloutOutcome.UNAVAILABLE, where + ": cannot reach it: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + excerpt(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CalloutFailure(CalloutOutcome.UNAVAILABLE, where + ": interrupted");
        }
        int status = response.statusCode();
        String body = response.body() == null ? "" : response.body();
        if (status >= 500) {
            throw new CalloutFailure(CalloutOutcome.FAULT, where + " answered HTTP " + status + ": " + excerpt(body));
        }
        if (status < 200 || status >= 300) {
            return Answer.refused("HTTP " + status + ": " + excerpt(body));
        }
        try {
            return Answer.of(body.isBlank() ? json.createObjectNode() : json.readTree(body));
        } catch (IOException e) {
            throw new CalloutFailure(CalloutOutcome.FAULT, where + " answered HTTP " + status + " with something that is not JSON: "
                    + excerpt(body));
        }
    }
}
