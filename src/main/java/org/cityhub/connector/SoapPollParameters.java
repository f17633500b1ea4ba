package org.cityhub.connector;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parameters of the {@code soap-poll} template, read from a validated connector file (defaults come
 * from the connector schema, not from here). Checks what the schema cannot: the WSDL file exists, the
 * address is a usable URL, the request template is well-formed XML with {@code ${since}}, the time format
 * reads {@code initialSince}.
 *
 * @param wsdl    the department's WSDL file, resolved against the hub home
 * @param request the request template with {@code ${since}}, {@code ${page}} and {@code ${pageSize}}
 * @param ignoredFields record fields removed before archiving (values that change without the record changing)
 */
record SoapPollParameters(Path wsdl, String address, String service, String port, String operation, String request,
                          String recordElement, String totalElement, String keyField, String watermarkField,
                          String watermarkFormat, String initialSince, Duration overlap, int pageSize, long period,
                          int timeout, int retries, String username, String password, java.util.List<String> ignoredFields) {

    /** Placeholder of the change time to read from, in {@link #watermarkFormat}. */
    static final String SINCE = "${since}";
    /** Placeholder of the 1-based page number. */
    static final String PAGE = "${page}";
    /** Placeholder of the page size. */
    static final String PAGE_SIZE = "${pageSize}";

    static SoapPollParameters from(JsonNode p, Path home) {
        String wsdlText = p.path("wsdl").asText();
        Path wsdl = home.resolve(wsdlText).normalize();
        if (!Files.isRegularFile(wsdl)) {
            throw new IllegalArgumentException("wsdl: no file " + wsdlText + " (looked for " + wsdl.toAbsolutePath()
                    + "; the path is relative to the hub home)");
        }
        SoapPollParameters params = new SoapPollParameters(wsdl, p.path("address").asText(), p.path("service").asText(""),
                p.path("port").asText(""), p.path("operation").asText(), p.path("request").asText(),
                p.path("recordElement").asText(), p.path("totalElement").asText(""), p.path("keyField").asText(""),
                p.path("watermarkField").asText(), p.path("watermarkFormat").asText("yyyyMMddHHmmss"),
                p.path("initialSince").asText("19900101000000"), overlap(p.path("overlap").asText("PT10M")),
                p.path("pageSize").asInt(100), p.path("period").asLong(60_000), p.path("timeout").asInt(30_000),
                p.path("retries").asInt(2), p.path("username").asText(""), p.path("password").asText(""),
                strings(p.path("ignoredFields")));
        params.checkAddress();
        DateTimeFormatter f = params.formatter();
        try {
            LocalDateTime.parse(params.initialSince, f);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("initialSince: '" + params.initialSince + "' does not match watermarkFormat '"
                    + params.watermarkFormat + "'");
        }
        params.checkRequest();
        return params;
    }

    private static java.util.List<String> strings(JsonNode array) {
        java.util.List<String> list = new java.util.ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return java.util.List.copyOf(list);
    }

    private static Duration overlap(String text) {
        try {
            Duration d = Duration.parse(text);
            if (d.isNegative()) {
                throw new IllegalArgumentException("negative");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("overlap: expected an ISO-8601 duration such as PT10M, got '" + text + "'");
        }
    }

    private void checkAddress() {
        URI uri;
        try {
            uri = URI.create(address);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("address: not a URL: '" + address + "'");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("address: expected an http:// or https:// URL with a host, got '" + address + "'");
        }
        if (uri.getPort() == 0) {
            throw new IllegalArgumentException("address: port 0 is not a port (a random server.port?): for the hub's own"
                    + " port write ${local.server.port}, which is the port the web server actually bound");
        }
    }

    private void checkRequest() {
        if (!request.contains(SINCE)) {
            throw new IllegalArgumentException("request: the template must contain " + SINCE
                    + " (written \\" + SINCE + " in the connector file), where the change time to read from goes");
        }
        try {
            XmlRecords.parse(fill(LocalDateTime.parse(initialSince, formatter()), 1));
        } catch (XmlRecords.XmlFormatException e) {
            throw new IllegalArgumentException("request: not well-formed XML once filled in: " + e.getMessage());
        }
    }

    /** Whether the request template can ask for a page number. */
    boolean pages() {
        return request.contains(PAGE);
    }

    DateTimeFormatter formatter() {
        try {
            return DateTimeFormatter.ofPattern(watermarkFormat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("watermarkFormat: not a date/time pattern: " + e.getMessage());
        }
    }

    LocalDateTime initialSinceTime() {
        return LocalDateTime.parse(initialSince, formatter());
    }

    /** The request for one page: placeholders replaced by XML-escaped values. */
    String fill(LocalDateTime since, int page) {
        return request.replace(SINCE, escape(formatter().format(since)))
                .replace(PAGE_SIZE, Integer.toString(pageSize))
                .replace(PAGE, Integer.toString(page));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    @Override
    public String toString() {
        // never print the password
        return "SoapPollParameters[wsdl=" + wsdl + ", address=" + address + ", operation=" + operation + ", pageSize="
                + pageSize + ", period=" + period + ", timeout=" + timeout + ", retries=" + retries + "]";
    }
}
