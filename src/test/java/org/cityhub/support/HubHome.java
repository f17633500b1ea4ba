package org.cityhub.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * A throw-away hub home for a test: the project's routes/, mappings/ and calendar/ and the connector schema,
 * plus the connector files the test writes, so tests never touch the integrators' real connectors/.
 */
public final class HubHome {

    private final Path root;

    private HubHome(Path root) {
        this.root = root;
    }

    public static HubHome create() {
        try {
            Path root = Files.createTempDirectory("cityhub-home");
            copyTree(Path.of("routes"), root.resolve("routes"));
            copyTree(Path.of("mappings"), root.resolve("mappings"));
            copyTree(Path.of("calendar"), root.resolve("calendar"));
            Files.createDirectories(root.resolve("connectors"));
            Files.copy(Path.of("connectors/connector.schema.json"), root.resolve("connectors/connector.schema.json"));
            return new HubHome(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path root() {
        return root;
    }

    public HubHome connector(String department, String yaml) {
        try {
            Files.writeString(root.resolve("connectors").resolve(department + ".yaml"), yaml);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A retire-mode department of the agricultural-machinery bureau ({@code AgriculturalMachineryLegacyDb}'s table),
     * read by one {@code jdbc-poll} source named {@code cases} in pages of {@code pageSize}: what a migration reads.
     */
    public HubHome agriculturalMachineryRetired(String department, String jdbcUrl, String username, int pageSize) {
        return connector(department, """
                department:
                  code: %s
                  name: 重庆市涪陵区农业机械管理局
                  region: "500102"
                mode: retire
                sources:
                  - name: cases
                    template: jdbc-poll
                    mapping: agri/case
                    parameters:
                      jdbcUrl: "%s"
                      username: %s
                      table: %s
                      watermarkColumn: ZHXGSJ
                      keyColumn: ID
                      pageSize: %d
                """.formatted(department, jdbcUrl, username, org.cityhub.demo.AgriculturalMachineryLegacyDb.TABLE, pageSize));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
