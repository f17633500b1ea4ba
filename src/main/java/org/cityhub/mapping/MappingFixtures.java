package org.cityhub.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The golden fixtures of a mapping ({@code mappings/<dept>/fixtures/<name>/<fixture>.in.json} beside
 * {@code .out.json}, or {@code .error.json} = {@code {"fieldPath", "messageContains"}}), run against the
 * mapping as it is on disk: by the build's test and by the validation operators run before applying a
 * connector file.
 */
public final class MappingFixtures {

    private MappingFixtures() {
    }

    /** One fixture's result; {@code problem} says what differed, null when it passed. */
    public record Result(String mapping, String fixture, boolean passed, String problem) {
    }

    /**
     * Applies a mapping the way its name says: reverse mappings ({@code *-out}) and call-out mappings
     * ({@code *-request}, {@code *-response}) build any object from their input; the others a Case from a
     * legacy record.
     */
    public static JsonNode apply(CaseMapping mapping, JsonNode input) {
        String name = mapping.name();
        boolean notACase = name.endsWith("-out") || name.endsWith("-request") || name.endsWith("-response");
        return notACase ? mapping.mapOut(input) : mapping.map(input);
    }

    /** Runs every fixture of a mapping; none is a failure of its own (a mapping without fixtures is untested). */
    public static List<Result> run(MappingCatalog catalog, String reference, ObjectMapper json) {
        CaseMapping mapping = catalog.get(reference);
        Path dir = catalog.root().resolve(mapping.department()).resolve("fixtures").resolve(mapping.name());
        List<Result> results = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            results.add(new Result(reference, "(none)", false, "no golden fixtures in " + dir));
            return results;
        }
        List<Path> inputs;
        try (Stream<Path> s = Files.list(dir)) {
            inputs = s.filter(f -> f.getFileName().toString().endsWith(".in.json")).sorted().toList();
        } catch (IOException e) {
            results.add(new Result(reference, dir.toString(), false, "unreadable: " + e.getMessage()));
            return results;
        }
        for (Path in : inputs) {
            String base = in.getFileName().toString().replace(".in.json", "");
            results.add(runOne(mapping, reference, base, in, json));
        }
        return results;
    }

    private static Result runOne(CaseMapping mapping, String reference, String base, Path in, ObjectMapper json) {
        Path out = in.resolveSibling(base + ".out.json");
        Path error = in.resolveSibling(base + ".error.json");
        try {
            JsonNode input = json.readTree(in.toFile());
            if (Files.exists(error)) {
                JsonNode expected = json.readTree(error.toFile());
                try {
                    JsonNode got = apply(mapping, input);
                    return new Result(reference, base, false, "expected a mapping error at " + expected.path("fieldPath").asText()
                            + ", got a result: " + abbreviate(got.toString()));
                } catch (MappingException e) {
                    boolean samePath = e.fieldPath().equals(expected.path("fieldPath").asText());
                    boolean message = e.getMessage().contains(expected.path("messageContains").asText());
                    return samePath && message ? new Result(reference, base, true, null)
                            : new Result(reference, base, false, "expected an error at " + expected.path("fieldPath").asText()
                                    + " containing '" + expected.path("messageContains").asText() + "', got " + e.getMessage());
                }
            }
            if (!Files.exists(out)) {
                return new Result(reference, base, false, "needs " + out.getFileName() + " or " + error.getFileName());
            }
            JsonNode got = apply(mapping, input);
            JsonNode expected = json.readTree(out.toFile());
            return got.equals(expected) ? new Result(reference, base, true, null)
                    : new Result(reference, base, false, "expected " + abbreviate(expected.toString()) + ", got " + abbreviate(got.toString()));
        } catch (MappingException e) {
            return new Result(reference, base, false, "mapping error: " + e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Result(reference, base, false, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 400 ? s : s.substring(0, 400) + "…";
    }
}
