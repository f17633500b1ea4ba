package org.cityhub.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;

import org.apache.camel.Exchange;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapHeader;
import org.cityhub.mapping.MappingCatalog;
import org.cityhub.mapping.MappingException;
import org.cityhub.store.RawArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code soap-push} source: the hub's {@code reportCases} operation for one department. Records are
 * turned into JSON by the XML convention ({@link XmlRecords}), each is mapped once as a check (so that
 * the sending system learns at once which record and field is wrong, and fixes it), and then the whole
 * message is accepted durably through {@link RecordIntake}. Only after that does the reply go out: a
 * caller that got its answer can forget the message. The mapping for the store runs again in the
 * ingest stage, as for every source.
 */
public final class SoapPushSource implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SoapPushSource.class);
    /** Namespace of the hub's case report service. */
    public static final String NS = "http://cityhub.example/push/1";
    private static final QName CLIENT = new QName("http://schemas.xmlsoap.org/soap/envelope/", "Client");
    private static final QName SERVER = new QName("http://schemas.xmlsoap.org/soap/envelope/", "Server");

    private final String department;
    private final String connector;
    private final String mapping;
    private final SoapPushParameters params;
    private final RecordIntake intake;
    private final MappingCatalog mappings;
    private final ObjectMapper json;

    SoapPushSource(String department, String connector, String mapping, SoapPushParameters params, RecordIntake intake,
                   MappingCatalog mappings, ObjectMapper json) {
        this.department = department;
        this.connector = connector;
        this.mapping = mapping;
        this.params = params;
        this.intake = intake;
        this.mappings = mappings;
        this.json = json;
    }

    /** Handles one reportCases call (the route's CXF consumer, PAYLOAD mode). */
    public void handle(Exchange exchange) {
        @SuppressWarnings("unchecked")
        CxfPayload<SoapHeader> request = exchange.getMessage().getBody(CxfPayload.class);
        if (request == null || request.getBodySources().isEmpty()) {
            throw fault(CLIENT, "empty request: expected a reportCases element");
        }
        Source body = request.getBodySources().get(0);
        XmlRecords.Content content;
        try {
            content = XmlRecords.read(body, params.recordElement(), Set.of("messageId"));
        } catch (IllegalArgumentException e) {
            throw fault(CLIENT, "unreadable request: " + e.getMessage());
        }
        List<ObjectNode> records = content.records();
        if (records.isEmpty()) {
            throw fault(CLIENT, "no " + params.recordElement() + " element: a reportCases message carries 1 to "
                    + params.maxRecords() + " records");
        }
        if (records.size() > params.maxRecords()) {
            throw fault(CLIENT, records.size() + " records in one message: at most " + params.maxRecords() + ", send several");
        }
        List<RawArchive.Received> received = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            ObjectNode record = records.get(i);
            if (params.validate()) {
                try {
                    mappings.get(mapping).map(record);
                } catch (MappingException e) {
                    throw fault(CLIENT, params.recordElement() + "[" + (i + 1) + "]" + keyOf(record) + " refused: " + e.getMessage()
                            + "; nothing of this message was accepted");
                }
            }
            received.add(new RawArchive.Received(keyOf(record).strip(), RecordIntake.JSON, bytes(record)));
        }
        int accepted;
        try {
            accepted = intake.accept(department, connector, received);
        } catch (RecordIntake.Refused e) {
            throw fault(CLIENT, e.getMessage());
        } catch (RuntimeException e) {
            log.error("{}-{}: could not accept a pushed message: {}", department, connector, e.toString());
            throw fault(SERVER, "the hub cannot accept records right now, send again later (" + e.getClass().getSimpleName() + ")");
        }
        String messageId = content.values().get("messageId");
        log.info("{}-{}: push {} with {} records, {} new or changed", department, connector,
                messageId == null ? "(no messageId)" : messageId, records.size(), accepted);
        exchange.getMessage().setBody(response(records.size(), accepted));
    }

    private String keyOf(ObjectNode record) {
        JsonNode k = params.keyField().isEmpty() ? null : record.get(params.keyField());
        return k == null || k.isNull() ? "" : " (" + shorten(k.asText()) + ")";
    }

    private byte[] bytes(ObjectNode record) {
        try {
            return json.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static CxfPayload<SoapHeader> response(int received, int accepted) {
        try {
            Document doc = XmlRecords.newDocument();
            Element root = doc.createElementNS(NS, "ch:reportCasesResponse");
            doc.appendChild(root);
            append(doc, root, "received", received);
            append(doc, root, "accepted", accepted);
            append(doc, root, "alreadyReceived", received - accepted);
            List<Source> out = new ArrayList<>();
            out.add(new DOMSource(root));
            return new CxfPayload<>(new ArrayList<>(), out, null);
        } catch (RuntimeException e) {
            throw fault(SERVER, "cannot write the reply: " + e.getMessage());
        }
    }

    private static void append(Document doc, Element parent, String name, int value) {
        Element e = doc.createElementNS(null, name);
        e.setTextContent(Integer.toString(value));
        parent.appendChild(e);
    }

    private static SoapFault fault(QName code, String reason) {
        return new SoapFault(reason, code);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

    @Override
    public void close() {
        // the endpoint is the route's; nothing held here
    }
}
