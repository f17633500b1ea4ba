package org.cityhub.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.cityhub.config.HubProperties;
import org.cityhub.connector.ConnectorFile;
import org.cityhub.connector.ConnectorLoader;
import org.cityhub.mapping.CaseSchema;
import org.cityhub.mapping.MappingCatalog;
import org.cityhub.mapping.MappingFixtures;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Checks a connector file before it is applied: the file against the connector schema (placeholders
 * resolved as at start-up), then every mapping it names, read afresh from {@code mappings/}, against
 * its golden fixtures. Nothing is written into {@code connectors/} and nothing starts.
 */
@Component
public class ConnectorValidation {

    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9-]{1,31}");

    private final HubProperties props;
    private final Environment env;
    private final CaseSchema schema;
    private final ObjectMapper json;

    public ConnectorValidation(HubProperties props, Environment env, CaseSchema schema, ObjectMapper json) {
        this.props = props;
        this.env = env;
        this.schema = schema;
        this.json = json;
    }

    /** The verdict: {@code errors} of the file and its mappings, and every fixture's result. */
    public record Report(String department, boolean valid, List<String> errors, List<MappingFixtures.Result> fixtures) {
    }

    /**
     * Validates the text of {@code connectors/<department>.yaml}.
     *
     * @throws IllegalArgumentException when the department code itself is malformed
     */
    public Report validate(String department, String yamlText) {
        if (department == null || !CODE.matcher(department).matches()) {
            throw new IllegalArgumentException("department: expected a department code (" + CODE.pattern() + "), the file's name, got '"
                    + department + "'");
        }
        Path dir;
        try {
            dir = Files.createTempDirectory("cityhub-validate");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Path file = dir.resolve(department + ".yaml");
            Files.writeString(file, yamlText == null ? "" : yamlText, StandardCharsets.UTF_8);
            ConnectorLoader.Result result = new ConnectorLoader(props.connectorsDir(), env).check(file);
            List<String> errors = new ArrayList<>();
            List<MappingFixtures.Result> fixtures = new ArrayList<>();
            if (!result.invalid().isEmpty()) {
                errors.addAll(result.invalid().get(0).errors().stream().map(e -> department + ".yaml: " + e).toList());
                return new Report(department, false, errors, fixtures);
            }
            ConnectorFile cf = result.valid().get(0);
            // a fresh catalog: the mappings as they are on disk now, not as the running hub compiled them
            MappingCatalog catalog = new MappingCatalog(props.mappingsDir(), schema, json);
            for (String mapping : mappingsOf(cf)) {
                try {
                    fixtures.addAll(MappingFixtures.run(catalog, mapping, json));
                } catch (IllegalArgumentException e) {
                    errors.add("mapping " + mapping + ": " + e.getMessage());
                }
            }
            fixtures.stream().filter(f -> !f.passed())
                    .forEach(f -> errors.add("fixture " + f.mapping() + "/" + f.fixture() + ": " + f.problem()));
            return new Report(department, errors.isEmpty(), errors, fixtures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static Set<String> mappingsOf(ConnectorFile cf) {
        Set<String> names = new LinkedHashSet<>();
        cf.sources().forEach(s -> names.add(s.mapping()));
        cf.targets().forEach(t -> names.add(t.mapping()));
        cf.callouts().forEach(c -> {
            names.add(c.requestMapping());
            names.add(c.responseMapping());
        });
        return names;
    }

    private static void deleteQuietly(Path dir) {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }
}
