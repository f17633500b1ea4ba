package org.cityhub.connector;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.cityhub.config.HubProperties;
import org.cityhub.mapping.MappingCatalog;
import org.cityhub.store.DepartmentStore;
import org.cityhub.store.Watermarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The departments declared under {@code connectors/}, and their running routes.
 *
 * <p>At start-up every connector file is validated; each valid department gets its ingest route and
 * one source route per source, instantiated from the templates in {@code routes/}. A department whose
 * file, mapping or source is broken is recorded as INVALID with the precise reason and gets no routes;
 * the other departments start regardless.
 */
@Component
public class ConnectorRegistry implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ConnectorRegistry.class);

    /** State of a department whose connector file loaded and whose routes run. */
    public static final String ACTIVE = "ACTIVE";
    /** State of a department whose connector file, mapping or source is broken. */
    public static final String INVALID = "INVALID";
    /** The onboarding mode in which the legacy system is migrated once and switched off. */
    public static final String RETIRE_MODE = "retire";

    private final HubProperties props;
    private final Environment env;
    private final CamelContext camel;
    private final MappingCatalog mappings;
    private final DepartmentStore departments;
    private final RecordIntake intake;
    private final Watermarks watermarks;
    private final QueueWriter queues;
    private final ObjectMapper json;
    private final List<DepartmentExtension> extensions;

    private final Map<String, ConnectorFile> active = new ConcurrentHashMap<>();
    private final Map<String, AutoCloseable> sources = new ConcurrentHashMap<>();
    private final Map<String, OutboundTarget> targets = new ConcurrentHashMap<>();
    private final org.cityhub.store.ConnectorPauses pauses;
    private final org.cityhub.cluster.SourceLeases leases;
    /** Templates of sources that poll their department (one node at a time, see SourceLeases); soap-push is called instead. */
    private static final java.util.Set<String> POLLING = java.util.Set.of("jdbc-poll", "soap-poll", "http-poll", "file-drop");
    private final List<String> routeIds = new ArrayList<>();
    private final Map<String, String> sourceRoutes = new ConcurrentHashMap<>();
    private final java.util.Set<String> paused = ConcurrentHashMap.newKeySet();
    private final List<ConnectorLoader.Invalid> invalid = new ArrayList<>();

    public ConnectorRegistry(HubProperties props, Environment env, CamelContext camel, MappingCatalog mappings,
                             DepartmentStore departments, RecordIntake intake, Watermarks watermarks,
                             QueueWriter queues, ObjectMapper json,
                             org.springframework.beans.factory.ObjectProvider<DepartmentExtension> extensions,
                             org.cityhub.store.ConnectorPauses pauses, org.cityhub.cluster.SourceLeases leases) {
        this.pauses = pauses;
        this.leases = leases;
        this.props = props;
        this.env = env;
        this.camel = camel;
        this.mappings = mappings;
        this.departments = departments;
        this.intake = intake;
        this.watermarks = watermarks;
        this.queues = queues;
        this.json = json;
        this.extensions = extensions.orderedStream().toList();
    }

    /** Loads the route templates and every connector file, and starts the valid departments' routes. */
    public synchronized void start() throws Exception {
        loadTemplates(props.routesDir());
        ConnectorLoader.Result result = new ConnectorLoader(props.connectorsDir(), env).loadAll();
        for (ConnectorLoader.Invalid bad : result.invalid()) {
            markInvalid(bad.departmentCode(), bad.departmentCode(), "000000", "fusion", bad.summary());
        }
        for (ConnectorFile file : result.valid()) {
            if (file.demo() && !props.demo().enabled()) {
                log.info("demo department {} skipped: cityhub.demo.enabled is false", file.department().code());
                continue;
            }
            try {
                install(file);
                active.put(file.department().code(), file);
                departments.save(new DepartmentStore.Department(file.department().code(), file.department().name(),
                        file.department().region(), file.mode(), ACTIVE, null));
                log.info("department {} ({}) active with {} source(s), {} target(s), {} call-out(s)", file.department().code(),
                        file.department().name(), file.sources().size(), file.targets().size(), file.callouts().size());
            } catch (RuntimeException e) {
                markInvalid(file.department().code(), file.department().name(), file.department().region(), file.mode(),
                        file.file().getFileName() + ": " + e.getMessage());
            }
        }
    }

    private void markInvalid(String code, String name, String region, String mode, String reason) {
        log.error("connector file rejected, department {} not started: {}", code, reason);
        invalid.add(new ConnectorLoader.Invalid(props.connectorsDir().resolve(code + ".yaml"), code, List.of(reason)));
        departments.save(new DepartmentStore.Department(code, name, region, mode, INVALID, reason));
    }

    private void install(ConnectorFile file) {
        String dept = file.department().code();
        Map<String, AutoCloseable> created = new java.util.LinkedHashMap<>();
        List<String> routes = new ArrayList<>();
        List<DepartmentExtension> installed = new ArrayList<>();
        try {
            for (int i = 0; i < file.sources().size(); i++) {
                ConnectorFile.Source s = file.sources().get(i);
                try {
                    mappings.get(s.mapping());
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sources[" + i + "].mapping: " + e.getMessage(), e);
                }
                try {
                    created.put(s.name(), createSource(file, s));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("sources[" + i + "].parameters." + e.getMessage(), e);
                }
            }
            boolean retire = RETIRE_MODE.equals(file.mode());
            if (retire && file.sources().stream().noneMatch(s -> created.get(s.name()) instanceof SnapshotSource)) {
                throw new IllegalArgumentException("mode: retire needs a source that can read the whole history in pages"
                        + " (template jdbc-poll); this department has " + file.sources().stream().map(ConnectorFile.Source::template).toList());
            }
            routes.add(TemplatedRouteBuilder.builder(camel, "ingest").routeId(dept + "-ingest-map")
                    .parameter("department", dept)
                    .parameter("concurrentConsumers", props.ingest().concurrentConsumers())
                    .parameter("batchSize", props.ingest().batchSize()).add());
            for (ConnectorFile.Source s : file.sources()) {
                String bean = "source-" + dept + "-" + s.name();
                camel.getRegistry().bind(bean, created.get(s.name()));
                sources.put(dept + "/" + s.name(), created.get(s.name()));
                if (retire && created.get(s.name()) instanceof SnapshotSource) {
                    // retire mode: the legacy system is read once, by the migration, never polled
                    continue;
                }
                TemplatedRouteBuilder route = TemplatedRouteBuilder.builder(camel, s.template())
                        .routeId(dept + "-" + s.name() + "-" + stage(s.template()))
                        .parameter("department", dept).parameter("connector", s.name()).parameter("source", bean);
                Map<String, String> resolved = created.get(s.name()) instanceof RouteParameterSource r ? r.routeParameters() : Map.of();
                for (String name : templateParameters(s.template())) {
                    JsonNode value = s.parameters().get(name);
                    if (resolved.containsKey(name)) {
                        route.parameter(name, resolved.get(name));
                    } else if (value != null && value.isValueNode() && !value.asText().isEmpty()) {
                        route.parameter(name, value.asText());
                    }
                }
                String routeId = route.add();
                routes.add(routeId);
                sourceRoutes.put(dept + "/" + s.name(), routeId);
                if (POLLING.contains(s.template())) {
                    leases.register(dept, s.name(), routeId);
                }
                if (pauses.find(dept, s.name()).isPresent()) {
                    // paused by an operator before the restart: it stays paused (before its first poll)
                    camel.getRouteController().stopRoute(routeId);
                    paused.add(routeId);
                    log.info("connector {}/{} stays paused (resume it in the console or the API)", dept, s.name());
                }
            }
            for (ConnectorFile.Target t : file.targets()) {
                String bean = "target-" + dept + "-" + t.name();
                OutboundTarget target;
                try {
                    target = createTarget(file, t);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("targets[" + t.name() + "].parameters." + e.getMessage(), e);
                }
                created.put(t.name(), target);
                camel.getRegistry().bind(bean, target);
                targets.put(dept + "/" + t.name(), target);
                routes.add(TemplatedRouteBuilder.builder(camel, t.template()).routeId(dept + "-" + t.name() + "-" + t.template())
                        .parameter("department", dept).parameter("connector", t.name()).parameter("target", bean).add());
            }
            if (!file.targets().isEmpty()) {
                routes.add(TemplatedRouteBuilder.builder(camel, "dispatch").routeId(dept + "-dispatch")
                        .parameter("department", dept).add());
            }
            for (DepartmentExtension extension : extensions) {
                installed.add(extension);
                routes.addAll(extension.install(file));
            }
            routeIds.addAll(routes);
        } catch (Exception e) {
            for (DepartmentExtension extension : installed) {
                extension.uninstall(dept);
            }
            for (String id : routes) {
                removeQuietly(id);
            }
            created.values().forEach(ConnectorRegistry::closeQuietly);
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
        }
    }

    /** One source implementation per connector shape; its route template drives it. */
    private AutoCloseable createSource(ConnectorFile file, ConnectorFile.Source s) {
        String dept = file.department().code();
        return switch (s.template()) {
            case "jdbc-poll" -> new JdbcPollSource(dept, s.name(), JdbcPollParameters.from(s.parameters()), intake, watermarks, json);
            case "soap-poll" -> SoapPollSource.create(dept, s.name(), s.parameters(), props.homePath(), camel, intake, watermarks, json);
            case "http-poll" -> new HttpPollSource(dept, s.name(), HttpPollParameters.from(s.parameters()), intake, watermarks, json);
            case "soap-push" -> new SoapPushSource(dept, s.name(), s.mapping(), SoapPushParameters.from(s.parameters()), intake,
                    mappings, json);
            case "file-drop" -> new FileDropSource(dept, s.name(), FileDropParameters.from(s.parameters(), props.homePath()),
                    intake, queues, json);
            default -> throw new IllegalArgumentException("template: no source implementation for '" + s.template() + "'");
        };
    }

    /** One target implementation per outbound shape, with its reverse mapping. */
    private OutboundTarget createTarget(ConnectorFile file, ConnectorFile.Target t) {
        String dept = file.department().code();
        org.cityhub.mapping.CaseMapping reverse;
        try {
            reverse = mappings.get(t.mapping());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mapping: " + e.getMessage(), e);
        }
        return switch (t.template()) {
            case "jdbc-insert" -> new JdbcInsertTarget(dept, t.name(), reverse, t.parameters());
            case "http-call" -> new HttpCallTarget(dept, t.name(), reverse, t.parameters(), json);
            case "soap-call" -> new SoapCallTarget(dept, t.name(), reverse, t.parameters());
            default -> throw new IllegalArgumentException("template: no target implementation for '" + t.template() + "'");
        };
    }

    /** The endpoint Camel offers for sending a case to a department's target: {@code direct:<dept>-<target>}. */
    public static String targetEndpoint(String department, String target) {
        return "direct:" + department + "-" + target;
    }

    /** A running outbound target, by department and target name. */
    public Optional<OutboundTarget> target(String department, String name) {
        return Optional.ofNullable(targets.get(department + "/" + name));
    }

    /** The stage word in route ids: poll for polling shapes, the template name otherwise. */
    private static String stage(String template) {
        return template.endsWith("-poll") ? "poll" : template;
    }

    private List<String> templateParameters(String template) {
        var definition = ((org.apache.camel.model.ModelCamelContext) camel).getRouteTemplateDefinition(template);
        if (definition == null) {
            throw new IllegalArgumentException("template: no route template '" + template + "' in " + props.routesDir());
        }
        return definition.getTemplateParameters().stream().map(p -> p.getName())
                .filter(n -> !List.of("department", "connector", "source").contains(n)).toList();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            log.warn("could not close source: {}", e.getMessage());
        }
    }

    private void loadTemplates(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        for (Path f : files) {
            Resource resource = ResourceHelper.resolveResource(camel, "file:" + f.toAbsolutePath());
            try {
                PluginHelper.getRoutesLoader(camel).loadRoutes(resource);
            } catch (Exception e) {
                throw new IllegalStateException("route template file " + f + " is broken: " + e.getMessage(), e);
            }
        }
    }

    private void removeQuietly(String routeId) {
        if (camel.getRoute(routeId) == null) {
            return;
        }
        try {
            camel.getRouteController().stopRoute(routeId);
            camel.removeRoute(routeId);
        } catch (Exception e) {
            log.warn("could not remove route {}: {}", routeId, e.getMessage());
        }
    }

    /** An active department's connector file. */
    public Optional<ConnectorFile> department(String code) {
        return Optional.ofNullable(code == null ? null : active.get(code));
    }

    /** The active departments. */
    public Collection<ConnectorFile> activeDepartments() {
        return List.copyOf(active.values());
    }

    /** Connector files that were rejected, with their reasons. */
    public synchronized List<ConnectorLoader.Invalid> invalidFiles() {
        return List.copyOf(invalid);
    }

    /** Ids of every route the registry started. */
    public synchronized List<String> routeIds() {
        return List.copyOf(routeIds);
    }

    /** The route that runs a source (polls, watches its inbox, serves its push endpoint), if it has one. */
    public Optional<String> sourceRouteId(String department, String connector) {
        return Optional.ofNullable(sourceRoutes.get(department + "/" + connector));
    }

    /** Whether a route runs. */
    public boolean routeStarted(String routeId) {
        var status = camel.getRouteController().getRouteStatus(routeId);
        return status != null && status.isStarted();
    }

    /** Whether an operator paused the source's route. */
    public boolean isPaused(String routeId) {
        return paused.contains(routeId);
    }

    /** Stops a source's route on an operator's request; health does not count it as down. */
    public synchronized void pauseRoute(String routeId) throws Exception {
        paused.add(routeId);
        camel.getRouteController().stopRoute(routeId);
    }

    /** Starts a paused source's route again. */
    public synchronized void resumeRoute(String routeId) throws Exception {
        camel.getRouteController().startRoute(routeId);
        paused.remove(routeId);
    }

    /** A source that can read its department's whole history (retire-mode migration), with its connector name. */
    public record Snapshot(ConnectorFile.Source source, SnapshotSource reader) {
    }

    /** The department's first source that can read its whole history, if any. */
    public Optional<Snapshot> snapshotSource(String department) {
        ConnectorFile file = active.get(department);
        if (file == null) {
            return Optional.empty();
        }
        for (ConnectorFile.Source s : file.sources()) {
            if (sources.get(department + "/" + s.name()) instanceof SnapshotSource reader) {
                return Optional.of(new Snapshot(s, reader));
            }
        }
        return Optional.empty();
    }

    /** A running source, by department and connector name. */
    public <T> Optional<T> source(String department, String connector, Class<T> type) {
        return Optional.ofNullable(sources.get(department + "/" + connector)).filter(type::isInstance).map(type::cast);
    }

    @Override
    public void destroy() {
        sources.values().forEach(ConnectorRegistry::closeQuietly);
        targets.values().forEach(ConnectorRegistry::closeQuietly);
    }
}
