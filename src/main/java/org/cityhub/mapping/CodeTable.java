package org.cityhub.mapping;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A department's code table as data ({@code mappings/<dept>/codes/<name>.yaml}): legacy code →
 * unified code. File shape:
 * <pre>
 * title: 办理状态 BLZT → case status
 * values:
 *   "0": SUBMITTED
 *   "1": ACCEPTED
 * default: OTHER        # optional: used for codes not listed; without it an unknown code is an error
 * </pre>
 */
public record CodeTable(String name, String title, Map<String, String> values, String defaultValue) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Reads a code table file; a malformed file is an error naming the file and what is wrong. */
    public static CodeTable read(Path file) {
        String name = file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not readable YAML: " + e.getMessage(), e);
        }
        if (root == null || !root.path("values").isObject()) {
            throw new IllegalArgumentException(file + ": expected a mapping 'values' of legacy code to unified code");
        }
        Map<String, String> values = new LinkedHashMap<>();
        root.get("values").fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new IllegalArgumentException(file + ": values." + e.getKey() + " must be a single code");
            }
            values.put(e.getKey(), e.getValue().asText());
        });
        JsonNode def = root.get("default");
        return new CodeTable(name, root.path("title").asText(name), java.util.Collections.unmodifiableMap(values),
                def == null || def.isNull() ? null : def.asText());
    }

    /** Looks a legacy code up; null in, null out (a missing value is the schema's business). */
    public String lookup(Object legacyCode) {
        if (legacyCode == null) {
            return null;
        }
        String key = String.valueOf(legacyCode).strip();
        if (legacyCode instanceof Double d && d == Math.rint(d)) {
            key = String.valueOf(d.longValue());
        }
        String v = values.get(key);
        if (v != null) {
            return v;
        }
        if (defaultValue != null) {
            return defaultValue;
        }
        throw new MappingException("code table '" + name + "'", "one of " + values.keySet(), MappingException.quote(key));
    }
}
