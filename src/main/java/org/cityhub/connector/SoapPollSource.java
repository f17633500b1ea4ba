package org.cityhub.connector;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamException;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;

import org.apache.camel.CamelContext;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.cityhub.store.RawArchive;
import org.cityhub.store.Watermarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.handler.MessageContext;
import jakarta.xml.ws.soap.SOAPFaultException;

/**
 * The {@code soap-poll} source of one department connector: polls a legacy SOAP service's "changed since
 * T" operation through CXF (a JAX-WS {@code Dispatch<Source>} in PAYLOAD mode, built from the department's
 * WSDL file; no generated code).
 *
 * <p>Each poll asks for the records changed since (watermark − overlap), page by page. Every page's
 * records are turned into JSON by {@link XmlRecords}, archived and queued by {@link RecordIntake#accept}
 * and only then does the watermark (the greatest change time seen, as text in the department's format)
 * move. Records re-read in the overlap are recognised in the raw archive by their content hash and not
 * queued again. With no watermark yet, the poll starts at {@code initialSince}: the whole history, paged.
 *
 * <p><b>Paging.</b> A page ends the poll when it is short or when the total count ({@code totalElement})
 * says nothing is left. Otherwise the next request starts at the greatest change time of the page
 * (inclusive) at page 1, rather than asking for page n+1 of the first query: offset paging over data that
 * changes while it is read skips records (a case updated meanwhile moves to the end and shifts the others
 * forward). Page numbers are used only while a whole page shares one change time, or for a service whose
 * pages are not ordered by change time (logged once).
 *
 * <p><b>Failures of the department</b> (down, slow, SOAP fault, malformed XML) never escape {@link #poll()}:
 * they are logged once per failure spell, kept in {@link #lastError()}, and the watermark stays where it
 * was, so nothing is lost; later polls try again, spaced out while the spell lasts (see FailureSpell).
 * Transient failures (timeouts, connection refused or reset, HTTP 5xx without a SOAP fault) are retried
 * within the poll up to {@code retries} times with a short back-off; a SOAP fault or a malformed answer is
 * not retried in the same poll. Failures of the hub's own store or broker propagate to the route, as in
 * {@code jdbc-poll}.
 */
public final class SoapPollSource implements PollingSource, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SoapPollSource.class);
    private static final String WSDL_NS = "http://schemas.xmlsoap.org/wsdl/";
    /** A poll stops after this many pages and continues in the next period (a guard against a looping service). */
    static final int MAX_PAGES_PER_POLL = 10_000;

    private final String department;
    private final String connector;
    private final SoapPollParameters params;
    private final RecordIntake intake;
    private final Watermarks watermarks;
    private final ObjectMapper json;
    private final Dispatch<Source> dispatch;
    private final Set<String> valueElements;
    private final FailureSpell spell;
    private boolean warnedUnordered;

    /** The service, port and operation a connector calls, resolved against its WSDL. */
    record Target(QName service, QName port, QName operation) {
    }

    /**
     * Builds the source of one connector: reads and checks the parameters and the WSDL, creates the CXF
     * client on the hub's CXF bus. A broken parameter is an {@link IllegalArgumentException} starting with
     * the parameter's name, which makes the department INVALID with that reason.
     */
    static SoapPollSource create(String department, String connector, JsonNode parameters, Path home, CamelContext camel,
                                 RecordIntake intake, Watermarks watermarks, ObjectMapper json) {
        SoapPollParameters params = SoapPollParameters.from(parameters, home);
        Bus bus = camel.getRegistry().lookupByNameAndType("cxf", Bus.class);
        if (bus == null) {
            bus = camel.getRegistry().findSingleByType(Bus.class);
        }
        return new SoapPollSource(department, connector, params, bus == null ? BusFactory.getDefaultBus() : bus, intake,
                watermarks, json);
    }

    SoapPollSource(String department, String connector, SoapPollParameters params, Bus bus, RecordIntake intake,
                   Watermarks watermarks, ObjectMapper json) {
        this.department = department;
        this.connector = connector;
        this.params = params;
        this.spell = new FailureSpell(log, department + "-" + connector, "the department's SOAP service");
        this.intake = intake;
        this.watermarks = watermarks;
        this.json = json;
        this.valueElements = params.totalElement().isEmpty() ? Set.of() : Set.of(params.totalElement());
        Target target = target(params);
        this.dispatch = dispatch(params, target, bus);
    }

    public String department() {
        return department;
    }

    public String connector() {
        return connector;
    }

    /** The last failure to read the department's service, or null while polls succeed. */
    @Override
    public String toWatermark(String operatorValue) {
        return params.formatter().format(PollingSource.parseLocalDateTime(operatorValue));
    }

    @Override
    public String lastError() {
        return spell.lastError();
    }

    @Override
    public java.time.Instant lastSuccess() {
        return spell.lastSuccess();
    }

    /**
     * One poll, called by the source route. A department service that is down, slow, faulting or answering
     * garbage is the normal life of a legacy system: it is logged once per failure spell, not per poll with
     * a stack trace, and later polls, spaced out while the spell lasts (FailureSpell), start again from the watermark.
     */
    public PollResult poll() {
        if (!spell.due()) {
            return PollResult.none(); // backing off while the department fails (FailureSpell)
        }
        try {
            PollResult result = pollOnce();
            spell.succeeded();
            return result;
        } catch (DepartmentFailure e) {
            spell.failed(e.getMessage(), params.period());
            return PollResult.none();
        }
    }

    // ---------------------------------------------------------------- one poll

    private PollResult pollOnce() {
        Watermarks.Mark mark = watermarks.get(department, connector).orElse(null);
        long accepted = mark == null ? 0 : mark.rowsAccepted();
        LocalDateTime high = mark == null ? null : markTime(mark.value());
        LocalDateTime anchor = high == null ? params.initialSinceTime() : high.minus(params.overlap());
        int page = 1;
        boolean byPageNumber = false;
        List<String> previousKeys = List.of();
        int read = 0;
        int queued = 0;
        int pages = 0;
        while (true) {
            Answer answer = call(anchor, page);
            pages++;
            List<ObjectNode> records = answer.records();
            if (records.isEmpty()) {
                if (answer.total() != null && answer.total() > (long) (page - 1) * params.pageSize()) {
                    throw new DepartmentFailure("the answer counts " + params.totalElement() + "=" + answer.total()
                            + " records but holds no <" + params.recordElement() + "> (is recordElement right?)", false);
                }
                break;
            }
            List<String> keys = records.stream().map(r -> r.path(params.keyField()).asText("")).toList();
            if (page > 1 && !params.keyField().isEmpty() && keys.equals(previousKeys)) {
                throw new DepartmentFailure("page " + page + " repeats page " + (page - 1)
                        + ": the service seems to ignore the page number", false);
            }
            previousKeys = keys;
            read += records.size();
            int n = accept(records);
            queued += n;
            accepted += n;

            LocalDateTime pageMax = null;
            String pageMaxKey = null;
            LocalDateTime previous = null;
            boolean ordered = true;
            for (ObjectNode r : records) {
                LocalDateTime t = changeTime(r);
                if (t == null) {
                    continue;
                }
                if (previous != null && t.isBefore(previous)) {
                    ordered = false;
                }
                previous = t;
                if (pageMax == null || t.isAfter(pageMax)) {
                    pageMax = t;
                    pageMaxKey = params.keyField().isEmpty() ? null : r.path(params.keyField()).asText(null);
                }
            }
            // the page is durably accepted: only now may the watermark move
            if (pageMax != null && (high == null || !pageMax.isBefore(high))) {
                high = pageMax;
                watermarks.put(department, connector,
                        new Watermarks.Mark(params.formatter().format(high), pageMaxKey, accepted));
            }

            boolean last = records.size() < params.pageSize()
                    || answer.total() != null && (long) (page - 1) * params.pageSize() + records.size() >= answer.total();
            if (last) {
                break;
            }
            if (pages >= MAX_PAGES_PER_POLL) {
                log.warn("{}-{}: stopped after {} pages in one poll; the next poll continues from the watermark",
                        department, connector, pages);
                break;
            }
            if (!ordered && !byPageNumber) {
                byPageNumber = true;
                if (!warnedUnordered) {
                    warnedUnordered = true;
                    log.warn("{}-{}: the service's pages are not ordered by {}; paging by page number (records changed"
                            + " during a poll may be read in the next one)", department, connector, params.watermarkField());
                }
            }
            if (!byPageNumber && pageMax != null && pageMax.isAfter(anchor)) {
                anchor = pageMax;
                page = 1;
            } else if (params.pages()) {
                page++;
            } else {
                throw new DepartmentFailure("a whole page of " + params.pageSize() + " records shares the change time "
                        + params.formatter().format(anchor) + " and the request has no ${page} to read further", false);
            }
        }
        if (queued > 0) {
            log.info("{}-{}: read {} records in {} pages, queued {} new or changed", department, connector, read, pages,
                    queued);
        }
        return new PollResult(read, queued, pages);
    }

    private LocalDateTime markTime(String value) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, params.formatter());
        } catch (DateTimeParseException e) {
            log.warn("{}-{}: stored watermark '{}' does not match watermarkFormat '{}' (changed?): reading from"
                    + " initialSince again; re-read records are not queued twice", department, connector, value,
                    params.watermarkFormat());
            return null;
        }
    }

    /** The record's change time, or null when it has none or an unreadable one (it is accepted regardless). */
    private LocalDateTime changeTime(ObjectNode record) {
        JsonNode v = record.get(params.watermarkField());
        if (v == null || !v.isTextual()) {
            return null;
        }
        try {
            return LocalDateTime.parse(v.asText(), params.formatter());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private int accept(List<ObjectNode> records) {
        List<RawArchive.Received> received = new ArrayList<>(records.size());
        for (ObjectNode r : records) {
            String key = params.keyField().isEmpty() ? null : r.path(params.keyField()).asText(null);
            // a row number within the page and the like would make every re-read look like a change
            r.remove(params.ignoredFields());
            try {
                received.add(new RawArchive.Received(key, RecordIntake.JSON, json.writeValueAsBytes(r)));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return intake.accept(department, connector, received);
    }

    // ---------------------------------------------------------------- calling the service

    private record Answer(List<ObjectNode> records, Long total) {
    }

    /** One request, with retries of transient failures; a lasting failure is a {@link DepartmentFailure}. */
    private Answer call(LocalDateTime since, int page) {
        String request = params.fill(since, page);
        for (int attempt = 0; ; attempt++) {
            try {
                Source response = dispatch.invoke(new DOMSource(XmlRecords.parse(request)));
                if (response == null) {
                    throw new DepartmentFailure("empty answer (no SOAP body content)", false);
                }
                XmlRecords.Content content = XmlRecords.read(response, params.recordElement(), valueElements);
                return new Answer(content.records(), total(content));
            } catch (DepartmentFailure e) {
                throw e;
            } catch (RuntimeException e) {
                DepartmentFailure failure = classify(e);
                if (!failure.transientFailure || attempt >= params.retries()) {
                    throw failure;
                }
                long backOff = Math.min(500L << attempt, 5_000L);
                log.debug("{}-{}: {}; retry {} of {} in {} ms", department, connector, failure.getMessage(), attempt + 1,
                        params.retries(), backOff);
                try {
                    Thread.sleep(backOff);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw failure;
                }
            }
        }
    }

    private Long total(XmlRecords.Content content) {
        if (params.totalElement().isEmpty()) {
            return null;
        }
        String v = content.values().get(params.totalElement());
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new DepartmentFailure("the total <" + params.totalElement() + "> is not a number: '"
                    + (v.length() > 30 ? v.substring(0, 30) + "…" : v) + "'", false);
        }
    }

    /** Sorts a client-side exception into what the poll does with it; the message is stable within a spell. */
    private DepartmentFailure classify(RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SOAPFaultException f && f.getFault() != null) {
                return new DepartmentFailure("SOAP fault " + f.getFault().getFaultCode() + ": " + f.getFault().getFaultString(), false);
            }
            if (t instanceof SoapFault f && f.getCause() == null) {
                // a fault the service sent (CXF's own parse errors carry their cause)
                return new DepartmentFailure("SOAP fault " + f.getFaultCode().getLocalPart() + ": " + f.getMessage(), false);
            }
            if (t instanceof XmlRecords.XmlFormatException x) {
                return new DepartmentFailure("malformed answer: " + x.getMessage(), false);
            }
            if (t instanceof HttpTimeoutException || t instanceof SocketTimeoutException) {
                return new DepartmentFailure("no answer within the timeout of " + params.timeout() + " ms", true);
            }
            if (t instanceof ConnectException) {
                return new DepartmentFailure("cannot connect to " + params.address() + " (connection refused)", true);
            }
            if (t instanceof UnknownHostException || t instanceof NoRouteToHostException) {
                return new DepartmentFailure("cannot reach " + params.address() + " (" + t.getClass().getSimpleName() + ": "
                        + t.getMessage() + ")", true);
            }
            if (t instanceof HTTPException h) {
                return new DepartmentFailure("HTTP " + h.getResponseCode() + " " + h.getResponseMessage() + " from "
                        + params.address(), h.getResponseCode() >= 500);
            }
            if (t instanceof SocketException s) {
                return new DepartmentFailure("connection failed: " + s.getMessage(), true);
            }
            if (t instanceof XMLStreamException x) {
                String msg = x.getMessage() == null ? "unreadable" : x.getMessage().replaceAll("\\s+", " ");
                if (msg.contains("DTD")) {
                    return new DepartmentFailure("answer refused: it carries a DOCTYPE/DTD, and DTDs and entities are never"
                            + " read (" + msg + ")", false);
                }
                return new DepartmentFailure("malformed answer: " + msg, false);
            }
        }
        String msg = e instanceof WebServiceException && e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        return new DepartmentFailure(e.getClass().getSimpleName() + ": " + msg.replaceAll("\\s+", " "), false);
    }

    /** A failure of the department's side. */
    static final class DepartmentFailure extends RuntimeException {
        final boolean transientFailure;

        DepartmentFailure(String message, boolean transientFailure) {
            super(message, null, false, false);
            this.transientFailure = transientFailure;
        }
    }

    // ---------------------------------------------------------------- the CXF client

    /** Resolves service, port and operation (local names or {namespace}local) against the WSDL file. */
    static Target target(SoapPollParameters params) {
        Document wsdl;
        try (InputStream in = Files.newInputStream(params.wsdl())) {
            wsdl = XmlRecords.parse(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("wsdl: cannot read " + params.wsdl() + ": " + e.getMessage());
        } catch (XmlRecords.XmlFormatException e) {
            throw new IllegalArgumentException("wsdl: " + params.wsdl().getFileName() + " is not readable XML: " + e.getMessage());
        }
        Element root = wsdl.getDocumentElement();
        if (!WSDL_NS.equals(root.getNamespaceURI()) || !"definitions".equals(root.getLocalName())) {
            throw new IllegalArgumentException("wsdl: " + params.wsdl().getFileName() + " is not a WSDL 1.1 file");
        }
        String tns = root.getAttribute("targetNamespace");
        List<Element> services = children(root, "service");
        Element service = pick(services, params.service(), tns, "service");
        List<Element> ports = children(service, "port");
        Element port = pick(ports, params.port(), tns, "port");
        QName operation = qname(params.operation(), tns);
        boolean imports = !children(root, "import").isEmpty();
        boolean declared = children(root, "portType").stream().flatMap(pt -> children(pt, "operation").stream())
                .anyMatch(op -> op.getAttribute("name").equals(operation.getLocalPart()));
        if (!declared && !imports) {
            throw new IllegalArgumentException("operation: the WSDL has no operation '" + params.operation() + "', it has "
                    + children(root, "portType").stream().flatMap(pt -> children(pt, "operation").stream())
                            .map(op -> op.getAttribute("name")).toList());
        }
        return new Target(new QName(tns, service.getAttribute("name")), new QName(tns, port.getAttribute("name")), operation);
    }

    private static Element pick(List<Element> found, String wanted, String tns, String what) {
        List<String> names = found.stream().map(e -> e.getAttribute("name")).toList();
        if (wanted.isEmpty()) {
            if (found.size() != 1) {
                throw new IllegalArgumentException(what + ": the WSDL has " + (found.isEmpty() ? "no " + what : names.size()
                        + " " + what + "s " + names) + "; name the one to call");
            }
            return found.get(0);
        }
        QName q = qname(wanted, tns);
        if (!q.getNamespaceURI().equals(tns)) {
            throw new IllegalArgumentException(what + ": '" + wanted + "' is not in the WSDL's namespace " + tns);
        }
        return found.stream().filter(e -> e.getAttribute("name").equals(q.getLocalPart())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(what + ": the WSDL has no " + what + " '" + wanted
                        + "', it has " + names));
    }

    private static QName qname(String name, String tns) {
        return name.startsWith("{") ? QName.valueOf(name) : new QName(tns, name);
    }

    private static List<Element> children(Element parent, String localName) {
        List<Element> list = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && WSDL_NS.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                list.add(e);
            }
        }
        return list;
    }

    private static Dispatch<Source> dispatch(SoapPollParameters params, Target target, Bus bus) {
        URL wsdlUrl;
        try {
            wsdlUrl = params.wsdl().toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("wsdl: " + e.getMessage());
        }
        Bus previous = BusFactory.getAndSetThreadDefaultBus(bus);
        Dispatch<Source> d;
        try {
            Service service = Service.create(wsdlUrl, target.service());
            d = service.createDispatch(target.port(), Source.class, Service.Mode.PAYLOAD);
        } catch (WebServiceException e) {
            throw new IllegalArgumentException("wsdl: CXF cannot use " + params.wsdl().getFileName() + ": " + e.getMessage(), e);
        } finally {
            BusFactory.setThreadDefaultBus(previous);
        }
        var ctx = d.getRequestContext();
        ctx.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, params.address());
        ctx.put(MessageContext.WSDL_OPERATION, target.operation());
        // parse the whole answer inside invoke(), so that a broken answer fails there and not half-way through reading
        ctx.put("source-preferred-format", "dom");
        if (!params.username().isEmpty()) {
            ctx.put(BindingProvider.USERNAME_PROPERTY, params.username());
            ctx.put(BindingProvider.PASSWORD_PROPERTY, params.password());
        }
        // this class logs department failures once per spell; CXF would log each one with a stack trace
        FaultListener quiet = (exception, description, message) -> false;
        ctx.put(FaultListener.class.getName(), quiet);
        Client client = ((DispatchImpl<?>) d).getClient();
        client.getEndpoint().put(FaultListener.class.getName(), quiet);
        client.getEndpoint().getEndpointInfo().setAddress(params.address());
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(params.timeout());
        policy.setReceiveTimeout(params.timeout());
        // services of that era often mishandle chunked requests; requests are small
        policy.setAllowChunking(false);
        policy.setAutoRedirect(false);
        ((HTTPConduit) client.getConduit()).setClient(policy);
        return d;
    }

    @Override
    public void close() {
        if (dispatch instanceof Closeable c) {
            try {
                c.close();
            } catch (IOException e) {
                log.debug("closing the CXF client of {}-{}: {}", department, connector, e.getMessage());
            }
        }
    }
}
