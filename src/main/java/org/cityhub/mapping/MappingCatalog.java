package org.cityhub.mapping;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The department mappings under {@code mappings/}: {@code <dept>/<name>.jsonata} with the code tables in
 * {@code <dept>/codes/*.yaml}. A mapping is compiled on first use and then kept, until {@link #reload()}
 * (an operator fixed a mapping file) compiles every mapping in use again from its files.
 */
public final class MappingCatalog {

    private final Path root;
    private final CaseSchema schema;
    private final ObjectMapper json;
    private final Map<String, CaseMapping> compiled = new ConcurrentHashMap<>();

    public MappingCatalog(Path root, CaseSchema schema, ObjectMapper json) {
        this.root = root;
        this.schema = schema;
        this.json = json;
    }

    public Path root() {
        return root;
    }

    /**
     * The mapping named by a connector, e.g. {@code land/case}.
     *
     * @throws IllegalArgumentException naming the missing or broken file
     */
    public CaseMapping get(String reference) {
        return compiled.computeIfAbsent(reference, this::load);
    }

    /**
     * Compiles every mapping in use again from its files and, only when all of them compile, puts the new
     * ones in service at once; a broken file changes nothing and is named in the exception. A mapping not
     * yet used is read from its file on first use anyway.
     *
     * @return the references reloaded, sorted
     * @throws IllegalArgumentException naming the broken file; the mappings in service stay as they were
     */
    public synchronized java.util.List<String> reload() {
        Map<String, CaseMapping> fresh = new java.util.TreeMap<>();
        for (String reference : compiled.keySet()) {
            fresh.put(reference, load(reference));
        }
        compiled.putAll(fresh);
        return java.util.List.copyOf(fresh.keySet());
    }

    private CaseMapping load(String reference) {
        int slash = reference.indexOf('/');
        if (slash <= 0 || reference.indexOf('/', slash + 1) >= 0 || reference.contains("..")) {
            throw new IllegalArgumentException("mapping reference '" + reference + "' must be <department>/<name>");
        }
        String department = reference.substring(0, slash);
        Path dir = root.resolve(department);
        Path file = dir.resolve(reference.substring(slash + 1) + ".jsonata");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("mapping file " + file + " does not exist");
        }
        return CaseMapping.read(department, file, codeTables(dir.resolve("codes")), schema, json);
    }

    private static Map<String, CodeTable> codeTables(Path dir) {
        Map<String, CodeTable> tables = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return tables;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted()
                    .map(CodeTable::read).forEach(t -> tables.put(t.name(), t));
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": unreadable: " + e.getMessage(), e);
        }
        return tables;
    }
}
