package org.cityhub.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Every golden fixture of every department, reverse mappings ({@code *-out}) and call-out mappings
 * ({@code *-request}, {@code *-response}) included:
 * {@code mappings/<dept>/fixtures/<mapping>/<name>.in.json}
 * must map to {@code <name>.out.json} exactly, or fail as {@code <name>.error.json} says
 * ({@code {"fieldPath": ..., "messageContains": ...}}).
 */
class MappingFixturesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path MAPPINGS = Path.of("mappings");
    private static final MappingCatalog CATALOG = new MappingCatalog(MAPPINGS, CaseSchema.load(JSON), JSON);

    static Stream<Arguments> fixtures() throws IOException {
        try (Stream<Path> files = Files.walk(MAPPINGS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".in.json")).sorted()
                    .map(f -> {
                        Path rel = MAPPINGS.relativize(f);
                        String dept = rel.getName(0).toString();
                        String mapping = rel.getName(2).toString();
                        return Arguments.of(dept + "/" + mapping + ": " + f.getFileName(), dept + "/" + mapping, f);
                    }).toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixtureMapsAsRecorded(String name, String mapping, Path in) throws IOException {
        String base = in.getFileName().toString().replace(".in.json", "");
        Path out = in.resolveSibling(base + ".out.json");
        Path error = in.resolveSibling(base + ".error.json");
        JsonNode record = JSON.readTree(in.toFile());
        if (Files.exists(error)) {
            JsonNode expected = JSON.readTree(error.toFile());
            assertThatThrownBy(() -> run(mapping, record))
                    .isInstanceOf(MappingException.class)
                    .hasMessageContaining(expected.path("messageContains").asText())
                    .satisfies(e -> assertThat(((MappingException) e).fieldPath()).isEqualTo(expected.path("fieldPath").asText()));
        } else {
            assertThat(out).as("fixture %s needs %s or %s", in, out.getFileName(), error.getFileName()).exists();
            assertThat(run(mapping, record)).isEqualTo(JSON.readTree(out.toFile()));
        }
    }

    private static JsonNode run(String mapping, JsonNode input) {
        return MappingFixtures.apply(CATALOG.get(mapping), input);
    }

    @org.junit.jupiter.api.Test
    void everyDepartmentMappingHasFixtures() throws IOException {
        try (Stream<Path> files = Files.list(MAPPINGS)) {
            files.filter(Files::isDirectory).forEach(dept -> {
                try (Stream<Path> mappings = Files.list(dept)) {
                    mappings.filter(m -> m.toString().endsWith(".jsonata")).forEach(m -> {
                        Path fx = dept.resolve("fixtures").resolve(m.getFileName().toString().replace(".jsonata", ""));
                        assertThat(fx).as("golden fixtures for %s", m).isDirectory();
                    });
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }
}
