package org.cityhub.callout;

import java.util.Map;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.cityhub.connector.ConnectorFile;
import org.cityhub.connector.XmlRecords;
import org.cityhub.mapping.CaseMapping;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPBinding;
import jakarta.xml.ws.soap.SOAPFaultException;

/**
 * {@code soap-callout}: one operation of a department's document/literal SOAP service, through a CXF
 * {@code Dispatch<DOMSource>} in PAYLOAD mode. The request element {@code <operation xmlns="namespace">} holds
 * the mapped request's fields as child elements; the answer's body element is the response mapping's
 * input, by the XML convention. A fault whose code is Client (SOAP 1.1) or Sender (1.2) is the
 * department refusing the request; any other fault, an HTTP error or no connection is its failure.
 */
final class SoapCallout extends CalloutOperation {

    /** CXF's contextual property that makes its HTTP conduit use HttpURLConnection for this client. */
    static final String FORCE_URLCONNECTION = "force.urlconnection.http.conduit";

    private final String namespace;
    private final String operation;
    private final Dispatch<DOMSource> dispatch;

    SoapCallout(String department, ConnectorFile.Callout settings, CaseMapping request, CaseMapping response) {
        super(department, settings, request, response);
        JsonNode p = settings.parameters();
        this.namespace = p.path("namespace").asText();
        this.operation = p.path("operation").asText();
        String address = p.path("address").asText();
        if (!address.startsWith("http://") && !address.startsWith("https://")) {
            throw new IllegalArgumentException("address: expected an http:// or https:// address, got '" + address + "'");
        }
        String serviceName = p.path("service").asText("");
        String portName = p.path("port").asText("");
        QName service = new QName(namespace, serviceName.isEmpty() ? operation + "Service" : serviceName);
        QName port = new QName(namespace, portName.isEmpty() ? operation + "Port" : portName);
        Service s = Service.create(service);
        s.addPort(port, SOAPBinding.SOAP11HTTP_BINDING, address);
        // answers as DOM: XmlRecords.toJson reads a DOM directly; any other Source it first serialises to text through a
        // new TransformerFactory (35% of the call-out threads' CPU samples in the call-out benchmark's JFR profile)
        this.dispatch = s.createDispatch(port, DOMSource.class, Service.Mode.PAYLOAD);
        Map<String, Object> ctx = dispatch.getRequestContext();
        ctx.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
        // CXF's HttpURLConnection conduit, not its java.net.http one (CXF 4.1's default): the latter hands each call
        // to the client's executor and selector thread through a pipe and a future, its callers parked in
        // getResponse. bench/ConduitProbe, one Dispatch, 64 callers, 2-core machine: 758-1,386 calls/s through the
        // java.net.http conduit, 1,546-4,490 through the URLConnection one, 1,635-3,647 posted directly. The
        // URLConnection conduit does blocking I/O on the calling thread (the time limit's own thread already);
        // keep-alive connections are reused (http.maxConnections idle ones per host: 5 or 64 made no difference).
        ctx.put(FORCE_URLCONNECTION, Boolean.TRUE);
        String soapAction = p.path("soapAction").asText("");
        if (!soapAction.isEmpty()) {
            ctx.put(BindingProvider.SOAPACTION_USE_PROPERTY, Boolean.TRUE);
            ctx.put(BindingProvider.SOAPACTION_URI_PROPERTY, soapAction);
        }
        if (!p.path("username").asText("").isEmpty()) {
            ctx.put(BindingProvider.USERNAME_PROPERTY, p.path("username").asText());
            ctx.put(BindingProvider.PASSWORD_PROPERTY, p.path("password").asText(""));
        }
        // failures are reported to the caller and audited; CXF would log each with a stack trace (and the body)
        FaultListener quiet = (exception, description, message) -> false;
        ctx.put(FaultListener.class.getName(), quiet);
        Client client = ((DispatchImpl<?>) dispatch).getClient();
        client.getEndpoint().put(FaultListener.class.getName(), quiet);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(settings.timeout());
        // the route's time limit answers the caller; this one only frees the thread soon after
        policy.setReceiveTimeout(settings.timeout() + 1000L);
        policy.setAllowChunking(false);
        ((HTTPConduit) client.getConduit()).setClient(policy);
    }

    @Override
    protected Answer invoke(ObjectNode mapped) {
        Document doc = XmlRecords.newDocument();
        Element root = doc.createElementNS(namespace, "ns:" + operation);
        doc.appendChild(root);
        XmlRecords.appendJson(doc, root, mapped);
        DOMSource reply;
        try {
            reply = dispatch.invoke(new DOMSource(doc));
        } catch (WebServiceException e) {
            // no connection, a reset or a timeout: the URLConnection conduit reports these as a local SOAP fault (code
            // Client, "Error writing to XMLStreamWriter") around the IOException; that is no answer, not the department's
            java.io.IOException io = null;
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof java.io.IOException x) {
                    io = x; // the innermost: ConnectException, SocketTimeoutException, ...
                }
            }
            if (io != null) {
                throw noAnswer(io);
            }
            return failed(e);
        }
        if (reply == null) {
            return Answer.of(JsonNodeFactory.instance.objectNode());
        }
        try {
            return Answer.of(XmlRecords.toJson(reply));
        } catch (XmlRecords.XmlFormatException e) {
            throw new CalloutFailure(CalloutOutcome.FAULT, department + "/" + name() + ": the answer is not readable XML: " + e.getMessage());
        }
    }

    private CalloutFailure noAnswer(Throwable cause) {
        boolean slow = cause instanceof java.net.SocketTimeoutException;
        return new CalloutFailure(slow ? CalloutOutcome.TIMEOUT : CalloutOutcome.UNAVAILABLE, department + "/" + name()
                + ": no answer from the service: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                : " " + excerpt(cause.getMessage())));
    }

    /** A SOAP fault the department answered, or a failure without an I/O cause. */
    private Answer failed(WebServiceException e) {
        if (e instanceof SOAPFaultException sf) {
            String code = sf.getFault().getFaultCodeAsQName() == null ? "" : sf.getFault().getFaultCodeAsQName().getLocalPart();
            return fault(code, sf.getFault().getFaultString());
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SoapFault f) {
                return fault(f.getFaultCode() == null ? "" : f.getFaultCode().getLocalPart(), f.getMessage());
            }
        }
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        throw noAnswer(cause);
    }

    private Answer fault(String code, String message) {
        if ("Client".equals(code) || "Sender".equals(code)) {
            return Answer.refused("SOAP fault " + code + ": " + excerpt(message));
        }
        throw new CalloutFailure(CalloutOutcome.FAULT, department + "/" + name() + " answered with SOAP fault "
                + (code.isEmpty() ? "" : code + ": ") + excerpt(message));
    }
}
