package org.cityhub.connector;

import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** The parameters of the {@code file-drop} template (defaults come from the connector schema). */
record FileDropParameters(Path inbox, String format, Charset charset, char delimiter,
                          Map<String, String> columns, String recordElement, int batchSize, long maxFileBytes) {

    /** 256 MB: far above any real export (100,000 CSV lines are about 20 MB), far below a full disk. */
    static final long DEFAULT_MAX_FILE_BYTES = 256L * 1024 * 1024;

    static FileDropParameters from(JsonNode p, Path home) {
        String inbox = p.path("inbox").asText();
        Path dir = home.resolve(inbox).normalize();
        String charsetName = p.path("charset").asText("GB18030");
        Charset charset;
        try {
            charset = Charset.forName(charsetName);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("charset: expected a charset name such as GB18030, GBK or UTF-8, got '" + charsetName + "'");
        }
        String delimiter = p.path("delimiter").asText(",");
        if (delimiter.length() != 1) {
            throw new IllegalArgumentException("delimiter: expected one character, got '" + delimiter + "'");
        }
        Map<String, String> columns = new LinkedHashMap<>();
        p.path("columns").fields().forEachRemaining(e -> columns.put(e.getKey(), e.getValue().asText()));
        return new FileDropParameters(dir, p.path("format").asText("csv"), charset, delimiter.charAt(0),
                Map.copyOf(columns), p.path("recordElement").asText(null), p.path("batchSize").asInt(500),
                p.path("maxFileBytes").asLong(DEFAULT_MAX_FILE_BYTES));
    }
}
