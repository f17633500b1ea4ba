package org.cityhub.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One department mapping: a JSONata expression from a legacy record to a Case, with the department's
 * code tables. Functions a mapping may call besides JSONata's own:
 * <ul>
 *   <li>{@code $code('status', BLZT)}: look a legacy code up in {@code codes/status.yaml};</li>
 *   <li>{@code $ascii(s)}: full-width digits and letters to ASCII, trimmed;</li>
 *   <li>{@code $date(s)}: any legacy date form to ISO-8601 (date-time fields are normalised anyway);</li>
 *   <li>{@code $format(t, 'yyyyMMddHHmmss')}: a time written the department's way, in China time (reverse mappings);</li>
 *   <li>{@code $require(v, 'field', 'what is expected')}: {@code v}, or a refusal naming the field when it is missing
 *       or empty (call-out request mappings);</li>
 *   <li>{@code $refuse('field', 'what is expected', v)}: a refusal naming the field and the value found.</li>
 * </ul>
 * Compiled once, safe to use from many threads: every evaluation gets its own frame.
 */
public final class CaseMapping {

    private final String department;
    private final String name;
    private final Jsonata expression;
    private final Jsonata.Frame functions;
    private final CaseSchema schema;
    private final ObjectMapper json;
    private final PlainTree trees;

    CaseMapping(String department, String name, String source, Map<String, CodeTable> codes,
                CaseSchema schema, ObjectMapper json) {
        this.department = department;
        this.name = name;
        this.schema = schema;
        this.json = json;
        this.trees = new PlainTree(json);
        try {
            this.expression = Jsonata.jsonata(source);
        } catch (JException e) {
            throw new IllegalArgumentException("mapping " + department + "/" + name + ".jsonata does not parse: " + e.getMessage(), e);
        }
        this.functions = expression.createFrame();
        functions.bind("code", (Jsonata.Fn2<String, Object, String>) (table, value) -> {
            CodeTable t = codes.get(table);
            if (t == null) {
                throw new MappingException("$code('" + table + "')", "a code table file " + department + "/codes/" + table + ".yaml, found " + codes.keySet(), null);
            }
            return t.lookup(absentIfNull(value));
        });
        functions.bind("ascii", (Jsonata.Fn1<Object, String>) v -> absentIfNull(v) == null ? null : IdNumbers.normaliseDigits(String.valueOf(v)));
        functions.bind("format", (Jsonata.Fn2<Object, String, String>) (v, pattern) -> {
            if (absentIfNull(v) == null) {
                return null;
            }
            try {
                return LegacyDates.parse(String.valueOf(v)).withOffsetSameInstant(LegacyDates.CHINA)
                        .format(java.time.format.DateTimeFormatter.ofPattern(pattern));
            } catch (IllegalArgumentException e) {
                throw new MappingException("$format()", "a date/time and a pattern such as yyyyMMddHHmmss (" + e.getMessage() + ")",
                        MappingException.quote(v));
            }
        });
        // three-argument functions are only bound as JFunction (Frame.bind has no Fn3 overload)
        functions.bind("require", Jsonata.function("require", (Jsonata.Fn3<Object, String, String, Object>) (v, field, expected) -> {
            Object value = absentIfNull(v);
            if (value == null || value instanceof String text && text.isBlank()) {
                throw new MappingException(field, expected, "nothing");
            }
            return v;
        }, null));
        functions.bind("refuse", Jsonata.function("refuse", (Jsonata.Fn3<String, String, Object, Object>) (field, expected, v) -> {
            throw new MappingException(field, expected, MappingException.quote(absentIfNull(v)));
        }, null));
        functions.bind("date", (Jsonata.Fn1<Object, String>) v -> {
            if (absentIfNull(v) == null) {
                return null;
            }
            try {
                return LegacyDates.toIso(String.valueOf(v));
            } catch (IllegalArgumentException e) {
                throw new MappingException("$date()", "a date/time (" + e.getMessage() + ")", MappingException.quote(v));
            }
        });
    }

    /** JSONata hands a JSON null to functions as its own marker; a legacy null means "absent". */
    private static Object absentIfNull(Object v) {
        return v == Jsonata.NULL_VALUE ? null : v;
    }

    /** Reads {@code <dir>/<name>.jsonata}. */
    static CaseMapping read(String department, Path file, Map<String, CodeTable> codes, CaseSchema schema, ObjectMapper json) {
        String name = file.getFileName().toString().replaceFirst("\\.jsonata$", "");
        try {
            return new CaseMapping(department, name, Files.readString(file), codes, schema, json);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": unreadable: " + e.getMessage(), e);
        }
    }

    public String department() {
        return department;
    }

    public String name() {
        return name;
    }

    /**
     * Runs the mapping the other way, for outbound targets: a case (the Case JSON) to the department's
     * own fields. The result is whatever object the expression builds, null fields dropped; it is not
     * a case, so the Case schema does not apply.
     *
     * @throws MappingException when the expression fails or does not build an object
     */
    public ObjectNode mapOut(JsonNode caseJson) {
        Object result = evaluate(caseJson);
        if (!(result instanceof Map<?, ?>)) {
            throw new MappingException("(mapping " + name + ".jsonata)", "an object (the department's record)",
                    result == null ? "nothing" : result.getClass().getSimpleName());
        }
        ObjectNode out = (ObjectNode) trees.of(result);
        java.util.List<String> nulls = new java.util.ArrayList<>();
        out.fields().forEachRemaining(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        out.remove(nulls);
        return out;
    }

    private Object evaluate(JsonNode input) {
        return evaluateParsed(json.convertValue(input, Object.class));
    }

    /** @param input the record as plain Java values (maps, lists, strings, numbers), as Jackson reads it into {@code Object} */
    private Object evaluateParsed(Object input) {
        try {
            return expression.evaluate(input, functions);
        } catch (RuntimeException e) {
            MappingException cause = findCause(e);
            if (cause != null) {
                throw cause;
            }
            throw new MappingException("(mapping " + name + ".jsonata)", "an expression that evaluates", e.getMessage());
        }
    }

    /**
     * Maps one legacy record (the connector's JSON form of it) to a normalised, validated case.
     *
     * @throws MappingException with the field path when the record cannot be a valid case
     */
    public ObjectNode map(JsonNode record) {
        return mapParsed(json.convertValue(record, Object.class));
    }

    /**
     * {@link #map(JsonNode)} for a record already read into plain Java values ({@code ObjectMapper.readValue(text,
     * Object.class)}): the ingest reads its messages so, sparing a conversion per record.
     */
    public ObjectNode mapParsed(Object record) {
        Object result = evaluateParsed(record);
        if (!(result instanceof Map<?, ?>)) {
            throw new MappingException("(mapping " + name + ".jsonata)", "an object (the case)",
                    result == null ? "nothing" : result.getClass().getSimpleName());
        }
        ObjectNode mapped = (ObjectNode) trees.of(result);
        if (mapped.hasNonNull("dispatch")) {
            throw new MappingException("dispatch", "nothing: the hub fills dispatch from its own records", "a value from the mapping");
        }
        if (mapped.hasNonNull("supervision")) {
            throw new MappingException("supervision", "nothing: the hub computes supervision from the case and its calendar",
                    "a value from the mapping");
        }
        schema.normalise(mapped);
        schema.validate(mapped);
        return mapped;
    }

    private static MappingException findCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MappingException m) {
                return m;
            }
        }
        return null;
    }
}
