package org.cityhub.connector;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.cityhub.mapping.CaseSchema;
import org.springframework.core.env.PropertyResolver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.ApplyDefaultsStrategy;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Reads every {@code connectors/*.yaml} and validates it against {@code connectors/connector.schema.json}.
 * A broken file yields an {@link Invalid} entry naming the file and each failing field; it never stops
 * the other departments from loading.
 */
public final class ConnectorLoader {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[^}]+}");
    /** A secret is only ever an environment reference, with no default but an empty one. */
    private static final Pattern SECRET = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_.]*:?}");

    private final Path dir;
    private final PropertyResolver placeholders;
    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final JsonSchema fileSchema;
    private final JsonNode schemaRoot;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    /** A file that could not be loaded, with every reason. */
    public record Invalid(Path file, String departmentCode, List<String> errors) {
        public String summary() {
            return file.getFileName() + ": " + String.join("; ", errors);
        }
    }

    /** What a load found. */
    public record Result(List<ConnectorFile> valid, List<Invalid> invalid) {
    }

    public ConnectorLoader(Path dir, PropertyResolver placeholders) {
        this.dir = dir;
        this.placeholders = placeholders;
        Path schemaFile = dir.resolve("connector.schema.json");
        try (InputStream in = Files.newInputStream(schemaFile)) {
            this.schemaRoot = new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("connector schema " + schemaFile + " is missing or unreadable", e);
        }
        this.fileSchema = factory.getSchema(schemaRoot);
    }

    /** Loads every connector file of the folder, in name order. */
    public Result loadAll() {
        List<ConnectorFile> valid = new ArrayList<>();
        List<Invalid> invalid = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted(Comparator.comparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new IllegalStateException("connector folder " + dir + " unreadable", e);
        }
        for (Path file : files) {
            try {
                valid.add(load(file));
            } catch (InvalidConnectorFile e) {
                invalid.add(new Invalid(file, guessCode(file), e.errors));
            }
        }
        return new Result(valid, invalid);
    }

    /** Validates one file, anywhere: the file's errors, or the loaded file. Nothing is applied. */
    public Result check(Path file) {
        try {
            return new Result(List.of(load(file)), List.of());
        } catch (InvalidConnectorFile e) {
            return new Result(List.of(), List.of(new Invalid(file, guessCode(file), e.errors)));
        }
    }

    /** Loads and validates one file. */
    public ConnectorFile load(Path file) {
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (IOException e) {
            throw new InvalidConnectorFile(List.of("not readable YAML: " + firstLine(e.getMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidConnectorFile(List.of("expected a YAML mapping at the top"));
        }
        List<String> errors = new ArrayList<>(messages(fileSchema.validate(root)));
        String code = root.path("department").path("code").asText(null);
        String expectedName = guessCode(file);
        if (code != null && !code.equals(expectedName)) {
            errors.add("department.code: expected '" + expectedName + "' (the file name), got '" + code + "'");
        }
        if (!errors.isEmpty()) {
            throw new InvalidConnectorFile(errors);
        }
        Set<String> names = new LinkedHashSet<>();
        List<ConnectorFile.Source> sources = endpoints(root, "sources", names, errors);
        List<ConnectorFile.Target> targets = endpoints(root, "targets", names, errors).stream()
                .map(t -> new ConnectorFile.Target(t.name(), t.template(), t.mapping(), t.parameters())).toList();
        List<ConnectorFile.Callout> callouts = callouts(root, errors);
        if (!errors.isEmpty()) {
            throw new InvalidConnectorFile(errors);
        }
        JsonNode dept = root.get("department");
        return new ConnectorFile(file,
                new ConnectorFile.Department(dept.get("code").asText(), dept.get("name").asText(), dept.get("region").asText()),
                root.path("mode").asText("fusion"), root.path("demo").asBoolean(false), List.copyOf(sources), targets, callouts);
    }

    /**
     * The call-outs of a file: the operation's own settings and its shape's parameters with schema defaults
     * applied, parameters' placeholders resolved.
     */
    private List<ConnectorFile.Callout> callouts(JsonNode root, List<String> errors) {
        List<ConnectorFile.Callout> list = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        ObjectNode settingsSchema = schemaRoot.path("properties").path("callouts").path("items").deepCopy();
        settingsSchema.remove(List.of("allOf", "required"));
        ((ObjectNode) settingsSchema.get("properties")).remove("parameters");
        int i = 0;
        for (JsonNode c : root.path("callouts")) {
            String at = "callouts[" + i++ + "]";
            ObjectNode item = c.deepCopy();
            if (!names.add(item.get("name").asText())) {
                errors.add(at + ".name: '" + item.get("name").asText() + "' is used twice in this file");
            }
            if (!item.has("breaker")) {
                item.putObject("breaker");
            }
            applyDefaults(settingsSchema, item);
            ObjectNode params = ((ObjectNode) item.get("parameters")).deepCopy();
            JsonNode templateSchema = schemaRoot.path("$defs").path(item.get("template").asText());
            applyDefaults(templateSchema, params);
            resolvePlaceholders(templateSchema, params, at + ".parameters", errors);
            JsonNode b = item.get("breaker");
            list.add(new ConnectorFile.Callout(item.get("name").asText(), item.get("template").asText(),
                    item.get("requestMapping").asText(), item.get("responseMapping").asText(), item.get("timeout").asInt(),
                    item.get("maxConcurrent").asInt(),
                    new ConnectorFile.Breaker(b.get("failureRate").asInt(), b.get("minimumCalls").asInt(),
                            b.get("slidingWindow").asInt(), b.get("waitInOpen").asInt(), b.get("halfOpenCalls").asInt()),
                    item.get("logBodies").asBoolean(), params));
        }
        return List.copyOf(list);
    }

    /** The sources or targets of a file, parameters with schema defaults applied and placeholders resolved. */
    private List<ConnectorFile.Source> endpoints(JsonNode root, String field, Set<String> names, List<String> errors) {
        List<ConnectorFile.Source> list = new ArrayList<>();
        int i = 0;
        for (JsonNode s : root.path(field)) {
            String at = field + "[" + i++ + "]";
            if (!names.add(s.get("name").asText())) {
                errors.add(at + ".name: '" + s.get("name").asText() + "' is used twice in this file");
            }
            ObjectNode params = ((ObjectNode) s.get("parameters")).deepCopy();
            JsonNode templateSchema = schemaRoot.path("$defs").path(s.get("template").asText());
            applyDefaults(templateSchema, params);
            resolvePlaceholders(templateSchema, params, at + ".parameters", errors);
            list.add(new ConnectorFile.Source(s.get("name").asText(), s.get("template").asText(), s.get("mapping").asText(), params));
        }
        return list;
    }

    private void applyDefaults(JsonNode templateSchema, ObjectNode params) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder()
                .applyDefaultsStrategy(new ApplyDefaultsStrategy(true, false, false)).build();
        factory.getSchema(templateSchema, config).walk(params, true);
    }

    /**
     * Resolves {@code ${...}} in every string parameter. A secret parameter (format password) must be
     * a placeholder only, so that no password is ever committed in a connector file.
     */
    private void resolvePlaceholders(JsonNode templateSchema, ObjectNode params, String at, List<String> errors) {
        Iterator<Map.Entry<String, JsonNode>> it = params.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                continue;
            }
            String raw = e.getValue().asText();
            boolean secret = "password".equals(templateSchema.path("properties").path(e.getKey()).path("format").asText());
            if (secret && !raw.isEmpty() && !SECRET.matcher(raw).matches()) {
                errors.add(at + "." + e.getKey() + ": a secret must come from the environment, write ${ENV_NAME} (no default value), not the value");
                continue;
            }
            try {
                e.setValue(TextNode.valueOf(placeholders.resolveRequiredPlaceholders(raw)));
            } catch (IllegalArgumentException ex) {
                Matcher m = PLACEHOLDER.matcher(raw);
                errors.add(at + "." + e.getKey() + ": cannot resolve " + (m.find() ? m.group() : raw)
                        + " (set that environment variable or give a default with ${NAME:default})");
            }
        }
    }

    private static List<String> messages(Set<ValidationMessage> found) {
        return found.stream().map(m -> {
            String path = CaseSchema.fieldPath(m.getInstanceLocation().toString());
            String msg = m.getMessage();
            int colon = msg.indexOf(": ");
            return (path.isEmpty() ? "(file)" : path) + ": "
                    + (colon > 0 && (msg.startsWith("$") || msg.startsWith("/")) ? msg.substring(colon + 2) : msg);
        }).sorted().toList();
    }

    private static String guessCode(Path file) {
        return file.getFileName().toString().replaceFirst("\\.ya?ml$", "");
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    private static final class InvalidConnectorFile extends RuntimeException {
        private final List<String> errors;

        InvalidConnectorFile(List<String> errors) {
            super(String.join("; ", errors));
            this.errors = errors;
        }
    }
}
