package org.cityhub.connector;

import java.util.Map;
import java.util.Set;

import javax.xml.namespace.QName;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;

import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.jaxws.DispatchImpl;
import org.apache.cxf.logging.FaultListener;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.cityhub.mapping.CaseMapping;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.xml.ws.BindingProvider;
import jakarta.xml.ws.Dispatch;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.WebServiceException;
import jakarta.xml.ws.soap.SOAPBinding;
import jakarta.xml.ws.soap.SOAPFaultException;

/**
 * {@code soap-call}: calls an operation of a department's SOAP service with the case, through CXF.
 * The request element is {@code <operation xmlns="namespace">} with the reverse mapping's fields as
 * unqualified child elements (objects nest, arrays repeat): the JSON→XML direction of the XML
 * convention. A SOAP fault is a refusal; no answer in time, a refused connection or an HTTP error
 * without a fault are transient.
 */
final class SoapCallTarget extends OutboundTarget {

    private final String namespace;
    private final String operation;
    private final String caseNoElement;
    private final Dispatch<Source> dispatch;

    SoapCallTarget(String department, String name, CaseMapping reverse, JsonNode p) {
        super(department, name, reverse, p.path("retries").asInt());
        this.namespace = p.path("namespace").asText();
        this.operation = p.path("operation").asText();
        this.caseNoElement = p.path("caseNoElement").asText("");
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
        // failures are reported by the target's caller; CXF would log each with a stack trace
        FaultListener quiet = (exception, description, message) -> false;
        ctx.put(FaultListener.class.getName(), quiet);
        Client client = ((DispatchImpl<?>) dispatch).getClient();
        client.getEndpoint().put(FaultListener.class.getName(), quiet);
        HTTPClientPolicy policy = new HTTPClientPolicy();
        policy.setConnectionTimeout(p.path("timeout").asLong());
        policy.setReceiveTimeout(p.path("timeout").asLong());
        policy.setAllowChunking(false);
        ((HTTPConduit) client.getConduit()).setClient(policy);
    }

    @Override
    protected Reply attempt(ObjectNode record) throws AttemptFailed {
        Document doc = XmlRecords.newDocument();
        Element root = doc.createElementNS(namespace, "ns:" + operation);
        doc.appendChild(root);
        XmlRecords.appendJson(doc, root, record);
        Source reply;
        try {
            synchronized (dispatch) {
                reply = dispatch.invoke(new DOMSource(doc));
            }
        } catch (SOAPFaultException e) {
            throw new AttemptFailed("SOAP fault: " + e.getFault().getFaultString(), false);
        } catch (WebServiceException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof SoapFault f) {
                    throw new AttemptFailed("SOAP fault: " + f.getMessage(), false);
                }
            }
            Throwable root0 = e;
            while (root0.getCause() != null) {
                root0 = root0.getCause();
            }
            throw new AttemptFailed("no answer from the service: " + root0.getClass().getSimpleName()
                    + (root0.getMessage() == null ? "" : " " + root0.getMessage()), true);
        }
        String caseNo = null;
        if (!caseNoElement.isEmpty() && reply != null) {
            caseNo = XmlRecords.read(reply, "\u0000none", Set.of(caseNoElement)).values().get(caseNoElement);
        }
        return new Reply(caseNo, "answered " + operation);
    }
}
