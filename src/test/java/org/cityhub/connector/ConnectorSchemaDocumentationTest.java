package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The connector schema is the documentation of connector files (like Debezium's check that every
 * connector option has a description): an operator writing {@code connectors/<dept>.yaml} reads
 * titles, descriptions and defaults from it, and every template it offers must exist in routes/.
 */
class ConnectorSchemaDocumentationTest {

    private static final Path SCHEMA = Path.of("connectors/connector.schema.json");
    private static final Path ROUTES = Path.of("routes");

    private static JsonNode schema;

    @BeforeAll
    static void readSchema() throws IOException {
        schema = new ObjectMapper().readTree(SCHEMA.toFile());
    }

    /** Every documented property, by its path in connector files. */
    private static Map<String, JsonNode> documentedProperties() {
        Map<String, JsonNode> props = new LinkedHashMap<>();
        putAll(props, "", schema.path("properties"));
        putAll(props, "department.", schema.path("properties").path("department").path("properties"));
        putAll(props, "sources[].", schema.path("properties").path("sources").path("items").path("properties"));
        putAll(props, "targets[].", schema.path("properties").path("targets").path("items").path("properties"));
        putAll(props, "callouts[].", calloutItem().path("properties"));
        putAll(props, "callouts[].breaker.", calloutItem().path("properties").path("breaker").path("properties"));
        for (String template : templates()) {
            putAll(props, "parameters(" + template + ").", schema.path("$defs").path(template).path("properties"));
        }
        return props;
    }

    private static void putAll(Map<String, JsonNode> into, String prefix, JsonNode properties) {
        properties.fields().forEachRemaining(e -> into.put(prefix + e.getKey(), e.getValue()));
    }

    private static JsonNode calloutItem() {
        return schema.path("properties").path("callouts").path("items");
    }

    private static List<String> templates() {
        List<String> names = new ArrayList<>();
        for (String list : new String[] {"sources", "targets", "callouts"}) {
            schema.path("properties").path(list).path("items").path("properties").path("template").path("enum")
                    .forEach(n -> names.add(n.asText()));
        }
        return names;
    }

    @Test
    void findsThePropertiesItChecks() {
        assertThat(templates()).isNotEmpty();
        assertThat(documentedProperties()).containsKeys("department", "mode", "demo", "sources",
                "department.code", "department.name", "department.region",
                "sources[].name", "sources[].template", "sources[].mapping", "sources[].parameters",
                "parameters(jdbc-poll).password", "callouts[].timeout", "callouts[].breaker.failureRate",
                "parameters(sql-callout).query");
    }

    @Test
    void givesEveryOptionalCalloutSettingADefaultAndAnExample() {
        List<String> problems = new ArrayList<>();
        Set<String> required = new TreeSet<>();
        calloutItem().path("required").forEach(n -> required.add(n.asText()));
        documentedProperties().forEach((path, p) -> {
            if (!path.startsWith("callouts[].") || path.equals("callouts[].parameters")) {
                return;
            }
            if (!p.has("default") && !required.contains(path.substring("callouts[].".length()))) {
                problems.add(path + " is optional but has no default");
            }
            if (!p.path("examples").isArray() || p.path("examples").isEmpty()) {
                problems.add(path + " has no example");
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void givesEveryPropertyATitleAndADescription() {
        List<String> undocumented = new ArrayList<>();
        documentedProperties().forEach((path, p) -> {
            if (p.path("title").asText("").isBlank()) {
                undocumented.add(path + " has no title");
            }
            if (p.path("description").asText("").isBlank()) {
                undocumented.add(path + " has no description");
            }
        });

        assertThat(undocumented).isEmpty();
    }

    @Test
    void givesEveryTemplateATitleAndADescription() {
        for (String template : templates()) {
            JsonNode def = schema.path("$defs").path(template);
            assertThat(def.path("title").asText("")).as("$defs/%s title", template).isNotBlank();
            assertThat(def.path("description").asText("")).as("$defs/%s description", template).isNotBlank();
        }
    }

    @Test
    void givesEveryOptionalTemplateParameterADefault() {
        List<String> problems = new ArrayList<>();
        for (String template : templates()) {
            JsonNode def = schema.path("$defs").path(template);
            Set<String> required = new TreeSet<>();
            def.path("required").forEach(n -> required.add(n.asText()));
            def.path("properties").fields().forEachRemaining(e -> {
                if (!e.getValue().has("default") && !required.contains(e.getKey())) {
                    problems.add(template + "." + e.getKey() + " is optional but has no default");
                }
            });
            for (String r : required) {
                if (!def.path("properties").has(r)) {
                    problems.add(template + " requires " + r + ", which it does not describe");
                }
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void givesEveryTemplateParameterAnExampleThatItsOwnDefinitionAccepts() {
        List<String> problems = new ArrayList<>();
        for (String template : templates()) {
            schema.path("$defs").path(template).path("properties").fields().forEachRemaining(e -> {
                JsonNode examples = e.getValue().path("examples");
                if (!examples.isArray() || examples.isEmpty()) {
                    problems.add(template + "." + e.getKey() + " has no example");
                    return;
                }
                String type = e.getValue().path("type").asText();
                examples.forEach(x -> {
                    boolean fits = switch (type) {
                        case "string" -> x.isTextual();
                        case "integer" -> x.isIntegralNumber();
                        case "boolean" -> x.isBoolean();
                        case "object" -> x.isObject();
                        default -> true;
                    };
                    if (!fits) {
                        problems.add(template + "." + e.getKey() + " example " + x + " is not a " + type);
                    }
                });
            });
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void marksEveryPasswordWriteOnly() {
        List<String> problems = new ArrayList<>();
        List<String> passwords = new ArrayList<>();
        walk(schema, "#", (path, node) -> {
            if ("password".equals(node.path("format").asText())) {
                passwords.add(path);
                if (!node.path("writeOnly").asBoolean(false)) {
                    problems.add(path + " is format password but not writeOnly: true");
                }
            }
        });

        assertThat(passwords).as("password properties found").isNotEmpty();
        assertThat(problems).isEmpty();
    }

    @Test
    void neverShowsALiteralSecretAsAnExample() {
        List<String> problems = new ArrayList<>();
        walk(schema, "#", (path, node) -> {
            if ("password".equals(node.path("format").asText())) {
                node.path("examples").forEach(ex -> {
                    if (!ex.asText().matches("\\$\\{[^}]+}")) {
                        problems.add(path + " shows example " + ex + ", which is not a ${PLACEHOLDER}");
                    }
                });
                if (node.has("default") && !node.path("default").asText().isEmpty()) {
                    problems.add(path + " has a non-empty default");
                }
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void backsEveryOfferedTemplateWithADefinitionAndARouteTemplateFile() {
        List<String> problems = new ArrayList<>();
        for (String template : templates()) {
            if (!schema.path("$defs").path(template).isObject()) {
                problems.add(template + " has no $defs/" + template);
            }
            Path route = ROUTES.resolve(template + ".camel.yaml");
            if (!Files.isRegularFile(route)) {
                problems.add(template + " has no route template file " + route);
            }
        }

        assertThat(problems).isEmpty();
    }

    @Test
    void validatesTheParametersOfEveryOfferedTemplateAgainstItsDefinition() {
        List<String> wired = new ArrayList<>();
        for (String list : new String[] {"sources", "targets", "callouts"}) {
            schema.path("properties").path(list).path("items").path("allOf").forEach(rule -> {
                String template = rule.path("if").path("properties").path("template").path("const").asText(null);
                String ref = rule.path("then").path("properties").path("parameters").path("$ref").asText(null);
                if (template != null && ("#/$defs/" + template).equals(ref)) {
                    wired.add(template);
                }
            });
        }

        assertThat(wired).containsExactlyInAnyOrderElementsOf(templates());
    }

    @Test
    void offersEveryTemplateItDefines() {
        List<String> defined = new ArrayList<>();
        schema.path("$defs").fieldNames().forEachRemaining(defined::add);

        assertThat(templates()).containsExactlyInAnyOrderElementsOf(defined);
    }

    private interface Visitor {
        void visit(String path, JsonNode node);
    }

    private static void walk(JsonNode node, String path, Visitor visitor) {
        if (node.isObject()) {
            visitor.visit(path, node);
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path + "/" + e.getKey(), visitor);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i, visitor);
            }
        }
    }
}
