package org.cityhub.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A standalone Artemis broker from the distribution the build copies (maven-dependency-plugin, see pom.xml):
 * created with a login ({@code hub} / {@code hub-secret}) on a free loopback port and run as its own process.
 */
public final class StandaloneArtemis implements AutoCloseable {

    public static final String USER = "hub";
    public static final String PASSWORD = "hub-secret";

    private final Path dir;
    private final int port;
    private Process process;

    private StandaloneArtemis(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /**
     * Creates the broker instance and starts it.
     *
     * @param addressSettings {@code <address-setting>} elements put first in broker.xml's address settings
     */
    public static StandaloneArtemis start(String addressSettings) throws Exception {
        Path dir = Files.createTempDirectory("cityhub-artemis");
        StandaloneArtemis broker = new StandaloneArtemis(dir, freePort());
        Path dist = broker.unpack();
        broker.run(List.of("sh", dist.resolve("bin/artemis").toString(), "create", dir.resolve("instance").toString(), "--silent",
                "--host", "127.0.0.1", "--default-port", String.valueOf(broker.port), "--no-web", "--no-amqp-acceptor",
                "--no-mqtt-acceptor", "--no-stomp-acceptor", "--no-hornetq-acceptor", "--require-login", "--user", USER,
                "--password", PASSWORD, "--no-fsync"));
        Path brokerXml = dir.resolve("instance/etc/broker.xml");
        Files.writeString(brokerXml, Files.readString(brokerXml).replaceFirst("<address-settings>",
                "<address-settings>\n" + addressSettings));
        broker.run();
        return broker;
    }

    /** Starts the broker process (again, after {@link #kill}), and waits for its port. */
    public void run() {
        try {
            process = new ProcessBuilder("sh", dir.resolve("instance/bin/artemis").toString(), "run")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("broker.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        await().atMost(Duration.ofSeconds(60)).until(this::listening);
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** Kills the broker's processes at once (SIGKILL). */
    public void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Path unpack() throws Exception {
        Path archive = Path.of("target/standalone-artemis/apache-artemis-bin.tar.gz");
        assertThat(archive).as("run the build's generate-test-resources phase (mvn test does)").exists();
        run(List.of("tar", "xzf", archive.toAbsolutePath().toString(), "-C", dir.toString()));
        try (var entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst().orElseThrow();
        }
    }

    private void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("setup.log").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ": " + Files.readString(dir.resolve("setup.log"))).isZero();
    }

    private boolean listening() {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
