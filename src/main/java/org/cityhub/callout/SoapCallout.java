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
 * {@code Dispatch<Source>} in PAYLOAD mode. The request element {@code <operation xmlns="namespace">} holds
 * the mapped request's fields as child elements; the answer's body element is the response mapping's
 * input, by the XML convention. A fault whose code is Client (SOAP 1.1) or Sender (1.2) is the
 * department refusing the request; any other fault, an HTTP error or no connection is its failure.
 */
final class SoapCallout extends CalloutOperation {

    private final String namespace;
    private final String operation;
    private final Dispatch<Source> dispatch;

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
        this.dispatch = s.createDispatch(port, Source.class, Service.Mode.PAYLOAD);
        Map<String, Object> ctx = dispatch.getRequestContext();
        ctx.put(BindingProvider.ENDPOINT_ADDRESS_PROPERTY, address);
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
        Source reply;
        try {
            reply = dispatch.invoke(new DOMSource(doc));
        } catch (SOAPFaultException e) {
            String code = e.getFault().getFaultCodeAsQName() == null ? "" : e.getFault().getFaultCodeAsQName().getLocalPart();
            return fault(code, e.getFault().getFaultString());
        } catch (WebServiceException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SoapFault f) {
                    return fault(f.getFaultCode() == null ? "" : f.getFaultCode().getLocalPart(), f.getMessage());
                }
            }
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            boolean slow = cause instanceof java.net.SocketTimeoutException;
            throw new CalloutFailure(slow ? CalloutOutcome.TIMEOUT : CalloutOutcome.UNAVAILABLE, department + "/" + name()
                    + ": no answer from the service: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? ""
                    : " " + excerpt(cause.getMessage())));
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

    private Answer fault(String code, String message) {
        if ("Client".equals(code) || "Sender".equals(code)) {
            return Answer.refused("SOAP fault " + code + ": " + excerpt(message));
        }
        throw new CalloutFailure(CalloutOutcome.FAULT, department + "/" + name() + " answered with SOAP fault "
                + (code.isEmpty() ? "" : code + ": ") + excerpt(message));
    }
}
