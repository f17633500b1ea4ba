package org.cityhub.callout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.model.ModelCamelContext;
import org.cityhub.connector.ConnectorFile;
import org.cityhub.connector.DepartmentExtension;
import org.cityhub.mapping.CaseMapping;
import org.cityhub.mapping.MappingCatalog;
import org.cityhub.onboarding.Onboarding;
import org.cityhub.store.CalloutAudit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The call-out operations of every active department, and the one way to call them.
 *
 * <p>For each {@code callouts[]} entry of a connector file the registry (through {@link DepartmentExtension})
 * has this class build the shape's operation bean and instantiate its route template
 * ({@code routes/<template>.camel.yaml}) as route {@code <department>-<operation>-<template>} at
 * {@code direct:callout-<department>-<operation>}. {@link #call} sends the caller's JSON through that route,
 * turns how it ended into a {@link Result}, records it in the audit log and times it in Micrometer
 * ({@code cityhub.callout} by department, operation and outcome).
 */
@Component
public class Callouts implements DepartmentExtension, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Callouts.class);
    private static final List<String> TEMPLATES = List.of("soap-callout", "http-callout", "sql-callout");

    private final CamelContext camel;
    private final MappingCatalog mappings;
    private final CalloutAudit audit;
    private final ObjectMapper json;
    private final MeterRegistry meters;
    private final Map<String, Installed> installed = new ConcurrentHashMap<>();
    private volatile ProducerTemplate producer;

    private record Installed(CalloutOperation operation, String routeId, CircuitBreaker breaker, ExecutorService executor,
                             List<String> beans) {
    }

    /**
     * How one call ended.
     *
     * @param answer            the mapped answer when OK
     * @param detail            why not, for the caller's problem detail
     * @param fieldPath         the request field a BAD_REQUEST is about, or null
     * @param retryAfterSeconds when a 503 caller may try again, else 0
     */
    public record Result(CalloutOutcome outcome, JsonNode answer, String detail, String fieldPath, long retryAfterSeconds) {
    }

    /** A configured operation as integrators see it. */
    public record OperationView(String department, String operation, String template, int timeoutMillis, int maxConcurrent,
                                String breakerState, boolean logBodies) {
    }

    /** The department or operation is not there to be called (404). */
    public static final class NotCallable extends RuntimeException {
        public NotCallable(String message) {
            super(message);
        }
    }

    /** Looked up when first called: the onboarding process needs the connectors, which install the call-outs. */
    private final ObjectProvider<Onboarding> onboarding;
    /**
     * The onboarding process once looked up: {@link ObjectProvider#getObject} resolves the bean by type on every
     * call, which was a third of the department check's CPU in the call-out benchmark's profile (bench/NOTES.md).
     */
    private volatile Onboarding onboardingBean;

    public Callouts(CamelContext camel, MappingCatalog mappings, CalloutAudit audit, ObjectMapper json,
                    ObjectProvider<MeterRegistry> meters, ObjectProvider<Onboarding> onboarding) {
        this.onboarding = onboarding;
        this.camel = camel;
        this.mappings = mappings;
        this.audit = audit;
        this.json = json;
        this.meters = meters.getIfAvailable();
    }

    // ---------------------------------------------------------------- installation

    @Override
    public synchronized List<String> install(ConnectorFile file) {
        String dept = file.department().code();
        List<String> routes = new ArrayList<>();
        try {
            for (int i = 0; i < file.callouts().size(); i++) {
                routes.add(install(dept, file.callouts().get(i), "callouts[" + i + "]"));
            }
        } catch (RuntimeException e) {
            uninstall(dept);
            throw e;
        }
        return routes;
    }

    private String install(String dept, ConnectorFile.Callout c, String at) {
        if (((ModelCamelContext) camel).getRouteTemplateDefinition(c.template()) == null) {
            throw new IllegalArgumentException(at + ".template: no route template '" + c.template() + "' in routes/");
        }
        CaseMapping request = mapping(c.requestMapping(), at + ".requestMapping");
        CaseMapping response = mapping(c.responseMapping(), at + ".responseMapping");
        CalloutOperation operation;
        try {
            operation = switch (c.template()) {
                case "soap-callout" -> new SoapCallout(dept, c, request, response);
                case "http-callout" -> new HttpCallout(dept, c, request, response, json);
                case "sql-callout" -> new SqlCallout(dept, c, request, response, json);
                default -> throw new IllegalArgumentException("template: no call-out implementation for '" + c.template()
                        + "', expected one of " + TEMPLATES);
            };
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage());
            throw new IllegalArgumentException(at + (why.startsWith("template:") ? "." : ".parameters.") + why, e);
        }
        String key = dept + "/" + c.name();
        // prefixes, not suffixes: operation names contain dashes, so "<op>-breaker" could be another operation
        String bean = "callout." + dept + "." + c.name();
        String breakerBean = "callout-breaker." + dept + "." + c.name();
        String executorBean = "callout-executor." + dept + "." + c.name();
        // the time limit runs each call on this pool; the common fork-join pool is far too small on small machines
        ExecutorService executor = camel.getExecutorServiceManager().newCachedThreadPool(this, "callout-" + dept + "-" + c.name());
        camel.getRegistry().bind(bean, operation);
        camel.getRegistry().bind(executorBean, executor);
        ConnectorFile.Breaker b = c.breaker();
        CircuitBreaker breaker = CircuitBreaker.of(dept + "-" + c.name(), CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(b.slidingWindow())
                .minimumNumberOfCalls(b.minimumCalls())
                .failureRateThreshold(b.failureRate())
                .waitDurationInOpenState(Duration.ofSeconds(b.waitInOpen()))
                .permittedNumberOfCallsInHalfOpenState(b.halfOpenCalls())
                // a call the concurrency limit refused never reached the department: it proves nothing either way
                .ignoreExceptions(BulkheadFullException.class)
                .writableStackTraceEnabled(false)
                .build());
        camel.getRegistry().bind(breakerBean, breaker);
        String routeId = dept + "-" + c.name() + "-" + c.template();
        installed.put(key, new Installed(operation, routeId, breaker, executor, List.of(bean, breakerBean, executorBean)));
        try {
            TemplatedRouteBuilder.builder(camel, c.template()).routeId(routeId)
                    .parameter("department", dept).parameter("connector", c.name())
                    .parameter("operation", bean).parameter("executor", executorBean).parameter("breaker", breakerBean)
                    .parameter("timeout", String.valueOf(c.timeout())).parameter("maxConcurrent", String.valueOf(c.maxConcurrent()))
                    .add();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(at + ".template: route " + routeId + " cannot start: " + e.getMessage(), e);
        }
        log.info("call-out {}/{} ({}) ready at /api/v1/callouts/{}/{}: timeout {} ms, {} concurrent, breaker {}% of {} calls",
                dept, c.name(), c.template(), dept, c.name(), c.timeout(), c.maxConcurrent(), b.failureRate(), b.slidingWindow());
        return routeId;
    }

    private CaseMapping mapping(String reference, String at) {
        try {
            return mappings.get(reference);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void uninstall(String department) {
        installed.entrySet().removeIf(e -> {
            if (!e.getKey().startsWith(department + "/")) {
                return false;
            }
            remove(e.getValue());
            return true;
        });
    }

    private void remove(Installed i) {
        try {
            if (camel.getRoute(i.routeId()) != null) {
                camel.getRouteController().stopRoute(i.routeId());
                camel.removeRoute(i.routeId());
            }
        } catch (Exception e) {
            log.warn("could not remove route {}: {}", i.routeId(), e.getMessage());
        }
        camel.getExecutorServiceManager().shutdownNow(i.executor());
        i.operation().close();
        i.beans().forEach(camel.getRegistry()::unbind);
    }

    @Override
    public void destroy() {
        installed.values().forEach(i -> {
            camel.getExecutorServiceManager().shutdownNow(i.executor());
            i.operation().close();
        });
        installed.clear();
    }

    // ---------------------------------------------------------------- calling

    /**
     * The one place that says whether a department's operation may be called now. Today: its department is
     * active (its connector file loaded and its routes run) and declares the operation. The onboarding
     * state gate belongs here.
     *
     * @throws NotCallable saying which part is missing
     * @throws org.cityhub.onboarding.NotInService when the department is not ACTIVE (onboarding)
     */
    public CalloutOperation callable(String department, String operation) {
        Installed i = installed.get(department + "/" + operation);
        if (i != null) {
            // only a department in service answers the platform (onboarding state ACTIVE)
            onboarding().requireInService(department);
            return i.operation();
        }
        boolean known = installed.keySet().stream().anyMatch(k -> k.startsWith(department + "/"));
        throw new NotCallable(known
                ? "department " + department + " has no call-out operation '" + operation + "'; it offers "
                        + installed.keySet().stream().filter(k -> k.startsWith(department + "/")).map(k -> k.substring(department.length() + 1)).sorted().toList()
                : "no active department '" + department + "' offers call-outs (see GET /api/v1/callouts)");
    }

    /**
     * Calls a department operation with the caller's body (raw, so that a body that is not JSON is answered
     * and audited like any other refusal). Never hangs: the route's time limit ends every call.
     *
     * @throws NotCallable when there is no such operation (nothing is called, nothing audited)
     */
    public Result call(String department, String operation, String body, String caller) {
        CalloutOperation op = callable(department, operation);
        var calledAt = audit.now();
        long started = System.nanoTime();
        Result result;
        JsonNode request = null;
        try {
            request = parse(body);
            result = send(op, request);
        } catch (CalloutFailure f) {
            result = failed(op, f);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        record(op, calledAt, caller, millis, result, body, request);
        return result;
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            throw new CalloutFailure(CalloutOutcome.BAD_REQUEST, "(body): expected a JSON object, got nothing", "(body)");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new CalloutFailure(CalloutOutcome.BAD_REQUEST, "(body): expected a JSON object, got "
                        + (node == null ? "nothing" : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)), "(body)");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new CalloutFailure(CalloutOutcome.BAD_REQUEST, "(body): not JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr()),
                    "(body)");
        }
    }

    private Result send(CalloutOperation op, JsonNode request) {
        Exchange exchange = producer().send("direct:callout-" + op.department() + "-" + op.name(),
                ex -> ex.getMessage().setBody(request));
        Exception e = exchange.getException();
        if (e == null) {
            return new Result(CalloutOutcome.OK, exchange.getMessage().getBody(JsonNode.class), null, null, 0);
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CalloutFailure f) {
                return failed(op, f);
            }
            if (t instanceof CallNotPermittedException) {
                return failed(op, new CalloutFailure(CalloutOutcome.BREAKER_OPEN, op.department() + "/" + op.name()
                        + ": the circuit breaker is open after repeated failures of the department; it is not called for now"));
            }
            if (t instanceof BulkheadFullException) {
                return failed(op, new CalloutFailure(CalloutOutcome.REJECTED, op.department() + "/" + op.name() + ": "
                        + op.settings().maxConcurrent() + " calls are already in flight (the operation's concurrency limit)"));
            }
            if (t instanceof TimeoutException) {
                return failed(op, new CalloutFailure(CalloutOutcome.TIMEOUT, op.department() + "/" + op.name()
                        + ": the department did not answer within " + op.settings().timeout() + " ms"));
            }
        }
        log.warn("call-out {}/{} failed unexpectedly", op.department(), op.name(), e);
        return failed(op, new CalloutFailure(CalloutOutcome.FAULT, op.department() + "/" + op.name() + ": the call failed: "
                + e.getClass().getSimpleName()));
    }

    private static Result failed(CalloutOperation op, CalloutFailure f) {
        long retryAfter = switch (f.outcome()) {
            case BREAKER_OPEN -> op.settings().breaker().waitInOpen();
            case REJECTED -> 1;
            case UNAVAILABLE -> Math.min(5, op.settings().breaker().waitInOpen());
            default -> 0;
        };
        return new Result(f.outcome(), null, f.getMessage(), f.fieldPath(), retryAfter);
    }

    private void record(CalloutOperation op, java.time.OffsetDateTime calledAt, String caller, long millis, Result result,
                        String body, JsonNode request) {
        if (meters != null) {
            Timer.builder("cityhub.callout").description("Call-outs to department operations, by outcome")
                    .tag("department", op.department()).tag("operation", op.name()).tag("outcome", result.outcome().name())
                    .register(meters).record(millis, TimeUnit.MILLISECONDS);
        }
        boolean bodies = op.settings().logBodies();
        try {
            audit.record(calledAt, caller, op.department(), op.name(), millis, result.outcome().name(),
                    result.outcome().httpStatus(), result.detail(),
                    bodies ? (request == null ? body : request.toString()) : null,
                    bodies && result.answer() != null ? result.answer().toString() : null);
        } catch (RuntimeException e) {
            // the caller still gets its answer; the gap in the audit log is reported
            log.error("call-out {}/{} by {} ({}) could not be audited: {}", op.department(), op.name(), caller,
                    result.outcome(), e.getMessage());
        }
    }

    private Onboarding onboarding() {
        Onboarding o = onboardingBean;
        if (o == null) {
            o = onboarding.getObject();
            onboardingBean = o;
        }
        return o;
    }

    private ProducerTemplate producer() {
        ProducerTemplate p = producer;
        if (p == null) {
            synchronized (this) {
                if (producer == null) {
                    producer = camel.createProducerTemplate();
                }
                p = producer;
            }
        }
        return p;
    }

    // ---------------------------------------------------------------- listing

    /** Every configured operation, with its circuit breaker's state (CLOSED, OPEN, HALF_OPEN, ...). */
    public List<OperationView> operations() {
        return installed.values().stream()
                .map(i -> new OperationView(i.operation().department(), i.operation().name(), i.operation().settings().template(),
                        i.operation().settings().timeout(), i.operation().settings().maxConcurrent(), breakerState(i),
                        i.operation().settings().logBodies()))
                .sorted(Comparator.comparing(OperationView::department).thenComparing(OperationView::operation)).toList();
    }

    private static String breakerState(Installed i) {
        return i.breaker().getState().name();
    }
}
