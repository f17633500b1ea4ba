package org.cityhub.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image form the start-up benchmark measures is the one docker/Dockerfile and docker/compose.yaml ship. */
class ImageFormTest {

    @Test
    void theRepositorysImageOptionsAndTheHubsContainerMemoryAreRead() throws Exception {
        ImageForm image = ImageForm.read(Path.of(""));
        assertThat(image.javaOpts()).anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage="));
        // chosen, not left to the JVM: in 1536 MB it would take the serial collector
        assertThat(image.collector()).containsExactly("-XX:+UseParallelGC");
        assertThat(image.memLimit()).matches("\\d+[kmg]");
        assertThat(image.jvmArgs(Path.of("/tmp/start-1")))
                .contains("-XX:MaxRAM=" + image.memLimit())
                .noneMatch(o -> o.startsWith("-XX:HeapDumpPath=") && !o.equals("-XX:HeapDumpPath=/tmp/start-1"));
    }

    @Test
    void theHubsMemLimitIsTheOneOfTheServiceBuiltFromTheDockerfileAndAMissingOneIsNamed(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("docker"));
        Files.writeString(root.resolve("docker/Dockerfile"), "ENV A=b \\\n    JAVA_OPTS=\"-Xss512k  -XX:HeapDumpPath=/var/lib/x\"\n");
        Files.writeString(root.resolve("docker/compose.yaml"), """
                x-db: &db
                  mem_limit: 4g
                x-hub: &hub
                  build:
                    dockerfile: docker/Dockerfile
                  mem_limit: 1536m
                """);
        ImageForm image = ImageForm.read(root);
        assertThat(image.jvmArgs(Path.of("/d"))).containsExactly("-Xss512k", "-XX:HeapDumpPath=/d", "-XX:MaxRAM=1536m");
        assertThat(image.collector()).isEmpty();

        Files.writeString(root.resolve("docker/compose.yaml"), "x-hub:\n  build:\n    dockerfile: docker/Dockerfile\n");
        assertThatThrownBy(() -> ImageForm.read(root)).hasMessageContaining("compose.yaml: no mem_limit");
    }
}
