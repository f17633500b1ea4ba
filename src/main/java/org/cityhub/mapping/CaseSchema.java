package org.cityhub.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * The Case JSON Schema ({@code contract/case.schema.json}) and the one normalisation convention every
 * mapping relies on: after the JSONata expression has run, fields the schema declares
 * {@code format: date-time} are read in any legacy form and written as ISO-8601 at +08:00, plain
 * numbers become strings where the schema wants a code, clean digit strings become integers where it
 * wants a count, full-width digits become ASCII in identifiers, nulls and empty objects are dropped.
 * Then identifiers are checked (GB 11643, GB 32100) and the whole case is validated.
 */
public final class CaseSchema {

    /** Classpath location of the schema, also served at {@code /contract/case.schema.json}. */
    public static final String RESOURCE = "/static/contract/case.schema.json";

    private static final Set<String> ID_TYPE_RESIDENT = Set.of("111");
    private static final Set<String> ID_TYPE_CREDIT_CODE = Set.of("001");

    private final JsonNode root;
    private final JsonSchema schema;
    private final Shape shape;

    private CaseSchema(JsonNode root) {
        this.root = root;
        this.shape = shape(root, new IdentityHashMap<>());
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        this.schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(root, config);
    }

    /** Loads the schema shipped with the hub. */
    public static CaseSchema load(ObjectMapper json) {
        try (InputStream in = CaseSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("Case schema missing from the classpath: " + RESOURCE);
            }
            return new CaseSchema(json.readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("Case schema unreadable: " + RESOURCE, e);
        }
    }

    /** Normalises a mapped case in place (see class comment), then checks identifiers. */
    public void normalise(ObjectNode mapped) {
        normalise(mapped, shape, Path.ROOT);
        checkIdentifiers(mapped);
    }

    /**
     * Validates a normalised case; the first violation (by position in the document) is thrown with
     * its field path.
     */
    public void validate(JsonNode normalised) {
        List<ValidationMessage> errors = violations(normalised);
        if (!errors.isEmpty()) {
            ValidationMessage first = errors.get(0);
            String path = pathOf(first);
            throw new MappingException(path.isEmpty() ? "(case)" : path, "valid per case.schema.json", describe(first));
        }
    }

    /** All violations, sorted by field path; empty when the case is valid. */
    public List<ValidationMessage> violations(JsonNode doc) {
        List<ValidationMessage> list = new ArrayList<>(schema.validate(doc));
        list.sort(Comparator.comparing(CaseSchema::pathOf).thenComparing(ValidationMessage::getMessage));
        return list;
    }

    /** The failing field as the hub names fields everywhere: {@code application.steps[0].name}. */
    static String pathOf(ValidationMessage m) {
        return fieldPath(m.getInstanceLocation().toString());
    }

    /** Converts a JSON Pointer ({@code /a/b/0}) or JSONPath ({@code $.a.b[0]}) to {@code a.b[0]}. */
    public static String fieldPath(String location) {
        if (location.startsWith("$")) {
            String p = location.substring(1);
            return p.startsWith(".") ? p.substring(1) : p;
        }
        StringBuilder out = new StringBuilder();
        for (String part : location.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (part.chars().allMatch(Character::isDigit)) {
                out.append('[').append(part).append(']');
            } else {
                out.append(out.length() == 0 ? "" : ".").append(part.replace("~1", "/").replace("~0", "~"));
            }
        }
        return out.toString();
    }

    private static String describe(ValidationMessage m) {
        String msg = m.getMessage();
        int colon = msg.indexOf(": ");
        return colon >= 0 && (colon == 0 || msg.startsWith("$") || msg.startsWith("/")) ? msg.substring(colon + 2) : msg;
    }

    private JsonNode resolve(JsonNode s) {
        JsonNode ref = s.get("$ref");
        if (ref != null && ref.asText().startsWith("#/")) {
            JsonNode target = root;
            for (String part : ref.asText().substring(2).split("/")) {
                target = target.path(part);
            }
            return resolve(target);
        }
        return s;
    }

    /**
     * What the normalisation needs of one schema node, its {@code $ref} resolved: read once when the schema is loaded
     * rather than looked up in the schema's JSON for every field of every record (issue 7: the ingest normalises every
     * record it maps).
     */
    private static final class Shape {
        final String type;
        final boolean dateTime;
        final Map<String, Shape> properties = new HashMap<>();
        Shape items;

        Shape(JsonNode resolved) {
            this.type = resolved.path("type").asText("");
            this.dateTime = "date-time".equals(resolved.path("format").asText());
        }
    }

    /** The shape of a schema node; one per resolved node, so that a schema referring to itself ends. */
    private Shape shape(JsonNode schemaNode, Map<JsonNode, Shape> seen) {
        JsonNode s = resolve(schemaNode);
        Shape known = seen.get(s);
        if (known != null) {
            return known;
        }
        Shape shape = new Shape(s);
        seen.put(s, shape);
        s.path("properties").fields().forEachRemaining(e -> shape.properties.put(e.getKey(), shape(e.getValue(), seen)));
        if (s.get("items") != null) {
            shape.items = shape(s.get("items"), seen);
        }
        return shape;
    }

    /** A field's place in the case, spelled out ({@code application.steps[0].name}) only for an error. */
    private record Path(Path parent, String field, int index) {
        static final Path ROOT = new Path(null, null, -1);

        @Override
        public String toString() {
            if (parent == null) {
                return "";
            }
            String above = parent.toString();
            if (field == null) {
                return above + "[" + index + "]";
            }
            return above.isEmpty() ? field : above + "." + field;
        }
    }

    private void normalise(JsonNode node, Shape s, Path path) {
        if (node instanceof ObjectNode obj) {
            Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
            List<String> drop = null;
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode child = e.getValue();
                if (child == null || child.isNull()) {
                    drop = dropped(drop, e.getKey());
                    continue;
                }
                Shape childShape = s.properties.get(e.getKey());
                if (childShape == null) {
                    continue; // the validator will name the unknown field
                }
                Path childPath = new Path(path, e.getKey(), -1);
                JsonNode replaced = convertLeaf(child, childShape, childPath);
                if (replaced != child) {
                    e.setValue(replaced);
                    child = replaced;
                }
                normalise(child, childShape, childPath);
                if (child instanceof ObjectNode o && o.isEmpty()) {
                    drop = dropped(drop, e.getKey());
                }
            }
            if (drop != null) {
                obj.remove(drop);
            }
        } else if (node instanceof ArrayNode arr) {
            Shape items = s.items;
            if (items == null) {
                return;
            }
            for (int i = 0; i < arr.size(); i++) {
                Path childPath = new Path(path, null, i);
                JsonNode replaced = convertLeaf(arr.get(i), items, childPath);
                if (replaced != arr.get(i)) {
                    arr.set(i, replaced);
                }
                normalise(arr.get(i), items, childPath);
            }
        }
    }

    private static List<String> dropped(List<String> drop, String field) {
        List<String> list = drop == null ? new ArrayList<>() : drop;
        list.add(field);
        return list;
    }

    /** Converts one value to what its schema wants, following the documented convention. */
    private static JsonNode convertLeaf(JsonNode value, Shape s, Path path) {
        String type = s.type;
        if (s.dateTime && value.isValueNode()) {
            String raw = value.isNumber() ? value.numberValue().toString() : value.asText();
            try {
                return TextNode.valueOf(LegacyDates.toIso(raw));
            } catch (IllegalArgumentException e) {
                throw new MappingException(path.toString(), "a date/time (" + e.getMessage() + ")", MappingException.quote(raw));
            }
        }
        if ("string".equals(type) && value.isNumber()) {
            if (value.isIntegralNumber()) {
                return TextNode.valueOf(value.asText());
            }
            // a legacy 2.0 is the code "2", as CodeTable reads it
            java.math.BigDecimal d = value.decimalValue().stripTrailingZeros();
            return TextNode.valueOf(d.scale() <= 0 ? d.toBigInteger().toString() : d.toPlainString());
        }
        if ("string".equals(type) && value.isBoolean()) {
            return TextNode.valueOf(value.asText());
        }
        if ("integer".equals(type) && value.isTextual()) {
            String digits = IdNumbers.normaliseDigits(value.asText());
            if (!digits.isEmpty() && digits.chars().allMatch(Character::isDigit) && digits.length() < 10) {
                return IntNode.valueOf(Integer.parseInt(digits));
            }
        }
        return value;
    }

    private static void checkIdentifiers(ObjectNode doc) {
        JsonNode application = doc.path("application");
        for (String role : List.of("applicant", "contact", "agent")) {
            if (application.path(role) instanceof ObjectNode party) {
                checkParty(party, "application." + role);
            }
        }
        if (doc.path("acceptance") instanceof ObjectNode acc && acc.hasNonNull("unitCode")) {
            String code = IdNumbers.normaliseDigits(acc.get("unitCode").asText()).toUpperCase();
            acc.put("unitCode", code);
            String why = IdNumbers.whyInvalidCreditCode(code);
            if (why != null) {
                throw new MappingException("acceptance.unitCode", "a unified social credit code (GB 32100)", why);
            }
        }
    }

    private static void checkParty(ObjectNode party, String path) {
        if (party.hasNonNull("phone")) {
            party.put("phone", IdNumbers.normaliseDigits(party.get("phone").asText()));
        }
        if (!party.hasNonNull("idNumber")) {
            return;
        }
        String idType = party.path("idType").asText("");
        String number = IdNumbers.normaliseDigits(party.get("idNumber").asText()).toUpperCase();
        party.put("idNumber", number);
        if (ID_TYPE_RESIDENT.contains(idType)) {
            String why = IdNumbers.whyInvalidResidentId(number);
            if (why != null) {
                throw new MappingException(path + ".idNumber", "a resident identity number (GB 11643)", why);
            }
        } else if (ID_TYPE_CREDIT_CODE.contains(idType)) {
            String why = IdNumbers.whyInvalidCreditCode(number);
            if (why != null) {
                throw new MappingException(path + ".idNumber", "a unified social credit code (GB 32100)", why);
            }
        }
    }
}
