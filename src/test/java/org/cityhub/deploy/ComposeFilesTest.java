package org.cityhub.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.ha.SharedStoreBackupPolicyConfiguration;
import org.apache.activemq.artemis.core.config.ha.SharedStorePrimaryPolicyConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.deployers.impl.FileConfigurationParser;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.origin.PropertySourceOrigin;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.yaml.snakeyaml.Yaml;

/**
 * What {@code docker-compose config} (docker/validate) cannot check about docker/: every image tag pinned, no secret
 * written in any file, the health check on a path the hub serves openly, every environment variable the hub nodes get
 * bound by the hub, the image running as a user other than root with the hub home where the hub looks for it, and the
 * brokers' broker.xml carrying the address settings the hub gives its embedded broker. Plain and fast: files and
 * Spring's binder, no context, no engine.
 */
class ComposeFilesTest {

    static final Path DOCKER = Path.of("docker");
    static final Path COMPOSE = DOCKER.resolve("compose.yaml");
    static final Path COMPOSE_DEMO = DOCKER.resolve("compose.demo.yaml");
    static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
    static final Path ENV_EXAMPLE = DOCKER.resolve(".env.example");
    static final List<Path> BROKER_XMLS = List.of(DOCKER.resolve("artemis/live/broker.xml"), DOCKER.resolve("artemis/backup/broker.xml"));

    /** A tag that names a release: digits with at least one dot (15.18, 2.40.0, 17.0.20.1_1), then an optional variant. */
    static final Pattern PINNED_TAG = Pattern.compile("\\d+(\\.\\d+)+([._-][A-Za-z0-9._-]+)?");
    /** Names of settings that hold secrets. */
    static final Pattern SECRET_NAME = Pattern.compile("(?i).*(PASSWORD|SECRET|TOKEN|APIKEY|API_KEY|KEYHASH|KEY_HASH|CREDENTIAL).*");
    /** A whole value taken from the environment, required: ${NAME:?message}. */
    static final Pattern REQUIRED_REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):\\?[^}]*}");
    /** Any ${NAME...} reference in a compose value: NAME, the operator, the rest. */
    static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");
    /** Variables the image's entrypoint or the JVM reads, not the hub (docker/Dockerfile). */
    static final Map<String, String> READ_BY_THE_IMAGE = Map.of(
            "JAVA_OPTS", "the entrypoint's java options",
            "TZ", "the JVM's default time zone");

    // ---- images ----------------------------------------------------------------------------------------------

    @Test
    void everyImageTagIsPinned() throws IOException {
        List<String> images = new ArrayList<>();
        for (Path file : List.of(COMPOSE, COMPOSE_DEMO)) {
            services(file).forEach((name, service) -> {
                if (service.get("image") instanceof String image) {
                    images.add(image);
                }
            });
        }
        Files.readAllLines(DOCKERFILE).stream().map(String::strip).filter(l -> l.startsWith("FROM "))
                .map(l -> l.split("\\s+")[1]).forEach(images::add);
        assertThat(images).as("images named in docker/").isNotEmpty()
                .contains("cityhub:" + pomVersion())          // the hub's image is tagged with the version it is built from
                .allSatisfy(image -> {
                    assertThat(image).as("image %s: no ${...}, the tag is written out", image).doesNotContain("$");
                    int colon = image.lastIndexOf(':');
                    assertThat(colon).as("image %s has a tag", image).isGreaterThan(image.lastIndexOf('/'));
                    String tag = image.substring(colon + 1).replaceFirst("@sha256:[0-9a-f]{64}$", "");
                    if (!image.startsWith("cityhub:")) {
                        assertThat(tag).as("image %s: a release tag, not a floating one (latest, 15, 17-jre)", image).matches(PINNED_TAG);
                    }
                    assertThat(tag).as("image %s", image).doesNotContainIgnoringCase("latest");
                });
        // every service runs an image or builds one
        services(COMPOSE).forEach((name, service) -> assertThat(service).as("service %s", name).containsKey("image"));
    }

    // ---- secrets ---------------------------------------------------------------------------------------------

    @Test
    void noSecretIsWrittenInAnyFile() throws IOException {
        for (Path file : List.of(COMPOSE, COMPOSE_DEMO)) {
            services(file).forEach((name, service) -> environment(service).forEach((key, value) -> {
                if (SECRET_NAME.matcher(key).matches()) {
                    assertThat(value).as("%s: %s.%s must come from the environment as ${NAME:?why}", file, name, key)
                            .matches(REQUIRED_REFERENCE);
                }
            }));
        }
        // no literal credential anywhere under docker/ (nor a documented demo credential outside the demo overlay)
        Pattern literal = Pattern.compile("sha256:[0-9a-f]{64}|\\$2[aby]\\$\\d\\d\\$[./A-Za-z0-9]{53}|-----BEGIN [A-Z ]*PRIVATE KEY-----");
        try (Stream<Path> files = Files.walk(DOCKER)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(f);
                assertThat(literal.matcher(text).find()).as("%s holds a literal key hash, bcrypt hash or private key", f).isFalse();
                if (!f.equals(COMPOSE_DEMO)) {
                    assertThat(text).as("%s names a demo credential", f).doesNotContain("cityhub-demo").doesNotContainPattern("demo-[a-z]+-key");
                }
            }
        }
        // the brokers: the cluster password from the environment, no password element written out
        for (Path xml : BROKER_XMLS) {
            String text = Files.readString(xml);
            assertThat(text).as(xml.toString()).contains("<cluster-password>${ARTEMIS_CLUSTER_PASSWORD}</cluster-password>")
                    .doesNotContainPattern("<password>");
        }
        // the image bakes in no secret
        assertThat(Files.readAllLines(DOCKERFILE)).as("Dockerfile ENV/ARG").noneMatch(l -> l.strip().matches("(?i)(ENV|ARG)\\s+.*")
                && SECRET_NAME.matcher(l.strip().split("\\s+")[1]).matches());
    }

    @Test
    void everyRequiredSecretIsAnEmptyPlaceholderInEnvExample() throws IOException {
        Set<String> required = new TreeSet<>();
        Matcher m = REQUIRED_REFERENCE.matcher(withoutComments(Files.readString(COMPOSE)));
        while (m.find()) {
            required.add(m.group(1));
        }
        assertThat(required).as("secrets compose.yaml requires").contains("POSTGRES_PASSWORD", "CITYHUB_DB_PASSWORD", "ARTEMIS_PASSWORD",
                "ARTEMIS_CLUSTER_PASSWORD", "CITYHUB_PLATFORM_KEY_HASH", "CITYHUB_OPS_PASSWORD_HASH");
        Map<String, String> example = new TreeMap<>();
        for (String line : Files.readAllLines(ENV_EXAMPLE)) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                int eq = line.indexOf('=');
                example.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        }
        assertThat(example.keySet()).as(".env.example lists every secret compose.yaml requires").containsAll(required);
        example.forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches()) {
                assertThat(value).as(".env.example %s: a placeholder, empty (compose stops on it until it is filled in)", key).isEmpty();
            }
        });
        assertThat(Files.readString(DOCKER.resolve(".gitignore")).lines()).as("docker/.gitignore keeps the filled-in .env out of git")
                .contains(".env");
    }

    // ---- health ----------------------------------------------------------------------------------------------

    @Test
    void theHealthCheckAsksAPathTheHubServesWithoutCredentials() throws IOException {
        String script = Files.readString(DOCKER.resolve("healthcheck"));
        Matcher path = Pattern.compile("CITYHUB_HEALTH_PATH:-([^}]+)}").matcher(script);
        assertThat(path.find()).as("docker/healthcheck's default path").isTrue();
        assertThat(path.group(1)).isEqualTo("/actuator/health");
        assertThat(script).contains("SERVER_PORT:-8080");
        assertThat(Files.readString(DOCKERFILE)).contains("HEALTHCHECK").contains("CMD [\"/usr/local/bin/cityhub-healthcheck\"]")
                .contains("COPY docker/healthcheck /usr/local/bin/cityhub-healthcheck");
        assertThat(Files.isExecutable(DOCKER.resolve("healthcheck"))).as("docker/healthcheck is executable").isTrue();
        services(COMPOSE).forEach((name, service) -> {
            if (name.startsWith("hub-")) {
                assertThat(service.get("healthcheck")).as("%s's health check", name).asString().contains("/usr/local/bin/cityhub-healthcheck");
            }
        });

        // the hub serves it: the health endpoint is exposed under the default base path, on the root context ...
        Map<String, Object> app = yaml(Path.of("src/main/resources/application.yml"));
        assertThat(String.valueOf(at(app, "management", "endpoints", "web", "exposure", "include"))).contains("health");
        assertThat(at(app, "management", "endpoints", "web", "base-path")).as("management base path").isNull();
        assertThat(at(app, "server", "servlet", "context-path")).as("context path").isNull();
        // ... and lets anyone ask it (README, "Permissions"; SecurityIT tries it without credentials)
        String security = Files.readString(Path.of("src/main/java/org/cityhub/security/WebSecurity.java"));
        Matcher open = Pattern.compile("requestMatchers\\(any\\(([^)]*)\\)\\)\\.permitAll\\(\\)").matcher(security);
        assertThat(open.find()).as("WebSecurity's open paths").isTrue();
        assertThat(open.group(1)).contains("\"/actuator/health\"");
    }

    // ---- environment -----------------------------------------------------------------------------------------

    @Test
    void everyVariableTheHubNodesGetIsOneTheHubReads() throws Exception {
        Map<String, String> env = new TreeMap<>();
        for (Path file : List.of(COMPOSE, COMPOSE_DEMO)) {
            services(file).forEach((name, service) -> {
                if (name.startsWith("hub-")) {
                    env.putAll(environment(service));
                }
            });
        }
        assertThat(env).containsKeys("SPRING_PROFILES_ACTIVE", "CITYHUB_DB_URL", "CITYHUB_DB_PASSWORD", "SPRING_ARTEMIS_BROKER_URL",
                "SPRING_ARTEMIS_EMBEDDED_ENABLED", "CITYHUB_SECURITY_CLIENTS_0_APIKEYHASH", "CITYHUB_DEMO_ENABLED", "CITYHUB_SECURITY_DEMOCLIENTS");

        String resources = placeholdersInApplicationYaml();
        List<Target> targets = configurationPropertyClasses();
        Map<String, String> values = new TreeMap<>();
        env.forEach((name, raw) -> values.put(name, sampleValue(name, raw)));
        Set<String> bound = new TreeSet<>();
        targets.forEach(t -> bound.addAll(boundVariables(values, t)));
        Map<String, String> unread = new TreeMap<>();
        values.forEach((name, value) -> {
            if (READ_BY_THE_IMAGE.containsKey(name)) {
                return;
            }
            if (name.equals("SPRING_PROFILES_ACTIVE")) {
                for (String profile : value.split(",")) {
                    assertThat(Path.of("src/main/resources/application-" + profile.strip() + ".yml")).as("profile %s", profile).exists();
                }
                return;
            }
            if (resources.contains("${" + name + ":") || resources.contains("${" + name + "}")) {
                return; // a placeholder of application*.yml
            }
            if (!bound.contains(name)) {
                unread.put(name, value);
            }
        });
        assertThat(unread).as("variables no @ConfigurationProperties of the hub (nor Spring's artemis settings, nor a placeholder of"
                + " application*.yml) binds: a misspelt name is silently ignored by Spring").isEmpty();
        assertThat(bound).as("bound through the binder").contains("CITYHUB_SECURITY_CLIENTS_1_PASSWORDHASH", "SPRING_ARTEMIS_EMBEDDED_ENABLED",
                "CITYHUB_DEMO_ENABLED");

        // the check has teeth: a misspelt name binds nothing (Spring reads cityhub.security.demo-clients as
        // CITYHUB_SECURITY_DEMOCLIENTS, and in its legacy form CITYHUB_SECURITY_DEMO_CLIENTS)
        Map<String, Boolean> expected = Map.of("CITYHUB_SECURITY_DEMOCLIENTS", true, "CITYHUB_SECURITY_DEMO_CLIENTS", true,
                "CITYHUB_SECURITY_DEMOCLIENT", false, "SPRING_ARTEMIS_BROKERURL", true, "SPRING_ARTEMIS_BROKER", false);
        expected.forEach((name, binds) -> assertThat(targets.stream().anyMatch(t -> !boundVariables(Map.of(name, "true"), t).isEmpty()))
                .as(name).isEqualTo(binds));
    }

    @Test
    void theDemoOverlayTurnsOnTheDemoDepartmentsAndClientsWithoutTheProductionProfile() throws IOException {
        Map<String, String> hub1 = environment(services(COMPOSE_DEMO).get("hub-1"));
        assertThat(hub1).containsEntry("CITYHUB_DEMO_ENABLED", "true").containsEntry("CITYHUB_SECURITY_DEMOCLIENTS", "true");
        // the production profile refuses demo clients, and the simulators call the hub with them
        assertThat(hub1.get("SPRING_PROFILES_ACTIVE")).doesNotContain("production").contains("postgres");
        Map<String, String> base = environment(services(COMPOSE).get("hub-1"));
        assertThat(base.get("SPRING_PROFILES_ACTIVE")).contains("production");
        assertThat(base).doesNotContainKeys("CITYHUB_DEMO_ENABLED", "CITYHUB_SECURITY_DEMOCLIENTS");
    }

    // ---- image -----------------------------------------------------------------------------------------------

    @Test
    void theImageRunsAsAnUnprivilegedUserWithTheHubHomeWhereTheHubLooks() throws IOException {
        List<String> lines = Files.readAllLines(DOCKERFILE).stream().map(String::strip).filter(l -> !l.startsWith("#")).toList();
        List<String> users = lines.stream().filter(l -> l.startsWith("USER ")).map(l -> l.substring(5).strip()).toList();
        assertThat(users).as("USER in the Dockerfile").isNotEmpty();
        String user = users.get(users.size() - 1).split(":")[0];
        assertThat(user).as("the image's last USER").isNotIn("root", "0");
        String text = String.join("\n", lines);
        assertThat(text).contains("useradd --system --uid 10001");
        // the jar the build makes (pom finalName), and the hub home: HubProperties resolves connectors/, mappings/,
        // routes/ (and the calendar) under cityhub.home
        assertThat(Files.readString(Path.of("pom.xml"))).contains("<finalName>cityhub</finalName>");
        assertThat(text).contains("COPY target/cityhub.jar /opt/cityhub/cityhub.jar").contains("CITYHUB_HOME=/opt/cityhub")
                .contains("WORKDIR /opt/cityhub").contains("CITYHUB_DATA_DIR=/var/lib/cityhub");
        List<String> ignore = Files.readAllLines(Path.of(".dockerignore"));
        for (String dir : List.of("routes", "mappings", "connectors", "calendar")) {
            assertThat(Path.of(dir)).as("the hub home folder %s", dir).isDirectory();
            assertThat(text).contains("COPY " + dir + "/ /opt/cityhub/" + dir + "/");
            assertThat(ignore).as(".dockerignore lets %s/ into the build context", dir).contains("!" + dir + "/");
        }
        assertThat(ignore).contains("!target/cityhub.jar", "!docker/healthcheck", "!docker/cds-archive");
        // the hub refuses to start without connectors/connector.schema.json (ConnectorLoader): the image keeps its own
        // copy outside connectors/, and the example site folder mounted over connectors/ links to it
        assertThat(text).contains("COPY connectors/connector.schema.json /opt/cityhub/share/connector.schema.json");
        Path link = DOCKER.resolve("site/connectors/connector.schema.json");
        assertThat(Files.isSymbolicLink(link)).as("%s is a symbolic link", link).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(Path.of("/opt/cityhub/share/connector.schema.json"));
        // java is PID 1 (exec), so it receives SIGTERM and shuts down gracefully
        // and it starts from the unpacked jar with the class-data-sharing archive the build recorded (docker/cds-archive)
        assertThat(text).contains("COPY docker/cds-archive /usr/local/bin/cityhub-cds-archive")
                .contains("RUN cityhub-cds-archive /opt/cityhub/cityhub.jar /opt/cityhub/app");
        assertThat(text).containsPattern("ENTRYPOINT \\[\"/bin/sh\", \"-c\", \"exec java \\$JAVA_OPTS"
                + " -XX:SharedArchiveFile=/opt/cityhub/app/cityhub.jsa -jar /opt/cityhub/app/cityhub.jar");
        assertThat(Files.isExecutable(DOCKER.resolve("cds-archive"))).as("docker/cds-archive is executable").isTrue();
        assertThat(text).contains("-XX:MaxRAMPercentage=").contains("-XX:+ExitOnOutOfMemoryError");
    }

    // ---- brokers ---------------------------------------------------------------------------------------------

    @Test
    void theBrokersCarryTheHubsAddressSettingsAndFormASharedStorePair() throws Exception {
        Configuration embedded = new ConfigurationImpl();
        hubBrokerSettings().customize(embedded);
        assertThat(embedded.getAddressSettings()).containsKeys("hub.inbound.#", "hub.outbound.#");

        Configuration live = parse(BROKER_XMLS.get(0));
        Configuration backup = parse(BROKER_XMLS.get(1));
        for (Configuration broker : List.of(live, backup)) {
            embedded.getAddressSettings().forEach((match, settings) -> assertThat(broker.getAddressSettings().get(match))
                    .as("%s: address-setting %s as the hub sets it on its embedded broker (HubConfiguration)", broker.getName(), match)
                    .isEqualTo(settings));
            assertThat(broker.getManagementAddress().toString()).isEqualTo("activemq.management");
            assertThat(broker.getJournalDirectory()).isEqualTo("/var/lib/artemis-journal/journal");
        }
        assertThat(live.getHAPolicyConfiguration()).isInstanceOfSatisfying(SharedStorePrimaryPolicyConfiguration.class,
                p -> assertThat(p.isFailoverOnServerShutdown()).isTrue());
        assertThat(backup.getHAPolicyConfiguration()).isInstanceOfSatisfying(SharedStoreBackupPolicyConfiguration.class,
                p -> assertThat(p.isAllowFailBack()).isTrue());
        assertThat(List.of(live.getBindingsDirectory(), live.getPagingDirectory(), live.getLargeMessagesDirectory()))
                .isEqualTo(List.of(backup.getBindingsDirectory(), backup.getPagingDirectory(), backup.getLargeMessagesDirectory()));

        // compose gives both the same journal volume there, and the hub both addresses
        Map<String, Map<String, Object>> services = services(COMPOSE);
        for (String broker : List.of("artemis-live", "artemis-backup")) {
            assertThat(String.valueOf(services.get(broker).get("volumes"))).contains("artemis-journal:/var/lib/artemis-journal");
        }
        String url = environment(services.get("hub-1")).get("SPRING_ARTEMIS_BROKER_URL");
        assertThat(url).startsWith("(tcp://artemis-live:61616,tcp://artemis-backup:61616)?").contains("ha=true").contains("reconnectAttempts=-1");
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    record Target(String prefix, Class<?> type) {
    }

    /** Every @ConfigurationProperties record of the hub, and Spring Boot's Artemis settings. */
    static List<Target> configurationPropertyClasses() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Target> targets = new ArrayList<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("org.cityhub")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            ConfigurationProperties annotation = AnnotationUtils.findAnnotation(type, ConfigurationProperties.class);
            targets.add(new Target(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), type));
        }
        assertThat(targets).extracting(Target::prefix).contains("cityhub", "cityhub.security");
        targets.add(new Target("spring.artemis", ArtemisProperties.class));
        return targets;
    }

    /** The variables Spring's binder, reading them as environment variables, sets something of the target with. */
    static Set<String> boundVariables(Map<String, String> env, Target target) {
        SystemEnvironmentPropertySource source = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new LinkedHashMap<>(env));
        Set<String> used = new TreeSet<>();
        BindHandler handler = new AbstractBindHandler() {
            @Override
            public Object onSuccess(ConfigurationPropertyName property, Bindable<?> bindable, BindContext context, Object result) {
                if (context.getConfigurationProperty() != null
                        && context.getConfigurationProperty().getOrigin() instanceof PropertySourceOrigin origin) {
                    used.add(origin.getPropertyName());
                }
                return super.onSuccess(property, bindable, context, result);
            }
        };
        new Binder(ConfigurationPropertySources.from(source), null, ApplicationConversionService.getSharedInstance())
                .bind(target.prefix(), Bindable.of(target.type()), handler);
        return used;
    }

    /** The value compose would give: ${X:-default} its default, ${X:?...} a sample of the kind the name asks for. */
    static String sampleValue(String name, String raw) {
        Matcher m = REFERENCE.matcher(raw);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = "-".equals(m.group(2)) || ":-".equals(m.group(2)) ? m.group(3)
                    : name.endsWith("APIKEYHASH") ? "sha256:" + "0".repeat(64)
                    : name.endsWith("PASSWORDHASH") ? "{bcrypt}$2a$10$" + "x".repeat(53)
                    : "sample";
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static String placeholdersInApplicationYaml() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources"))) {
            StringBuilder all = new StringBuilder();
            for (Path f : files.filter(p -> p.getFileName().toString().matches("application.*\\.ya?ml")).toList()) {
                all.append(Files.readString(f)).append('\n');
            }
            return all.toString();
        }
    }

    static ArtemisConfigurationCustomizer hubBrokerSettings() throws Exception {
        Class<?> type = Class.forName("org.cityhub.config.HubConfiguration");
        Constructor<?> constructor = type.getDeclaredConstructor();
        constructor.setAccessible(true);
        Method method = type.getDeclaredMethod("brokerSettings", org.cityhub.config.HubProperties.class);
        method.setAccessible(true);
        // the hub's defaults: its properties bound from nothing
        org.cityhub.config.HubProperties defaults = new Binder(ConfigurationPropertySources.from(new MapPropertySource("none", Map.of())),
                null, ApplicationConversionService.getSharedInstance()).bindOrCreate("cityhub", org.cityhub.config.HubProperties.class);
        return (ArtemisConfigurationCustomizer) method.invoke(constructor.newInstance(), defaults);
    }

    static Configuration parse(Path brokerXml) throws Exception {
        try (InputStream in = Files.newInputStream(brokerXml)) {
            return new FileConfigurationParser().parseMainConfig(in);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> services(Path file) throws IOException {
        Map<String, Object> compose = yaml(file);
        assertThat(compose).as("%s: the Compose specification without version: or name: (docker-compose 1.29 refuses name:)", file)
                .doesNotContainKeys("version", "name").containsKey("services");
        return (Map<String, Map<String, Object>>) compose.get("services");
    }

    /** A service's environment as a map, whether written as a map or as a list of NAME=value. */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object raw = service.get("environment");
        if (raw instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
        } else if (raw instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                int eq = s.indexOf('=');
                env.put(eq < 0 ? s : s.substring(0, eq), eq < 0 ? "" : s.substring(eq + 1));
            }
        }
        return env;
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    static Object at(Map<String, Object> map, String... keys) {
        Object node = map;
        for (String key : keys) {
            if (!(node instanceof Map<?, ?> m)) {
                return null;
            }
            node = ((Map<String, Object>) m).get(key);
        }
        return node;
    }

    static String withoutComments(String text) {
        return text.lines().filter(l -> !l.strip().startsWith("#")).collect(Collectors.joining("\n"));
    }

    static String pomVersion() throws IOException {
        Matcher m = Pattern.compile("<artifactId>cityhub</artifactId>\\s*<version>([^<]+)</version>").matcher(Files.readString(Path.of("pom.xml")));
        assertThat(m.find()).as("the pom's version").isTrue();
        return m.group(1);
    }
}
