package org.cityhub.bench;

import java.io.StringReader;
import java.util.concurrent.atomic.AtomicLong;

import javax.xml.transform.Source;
import javax.xml.transform.stream.StreamSource;

import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.startup.Tomcat;
import org.apache.cxf.Bus;
import org.apache.cxf.BusFactory;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.transport.servlet.CXFNonSpringServlet;

import jakarta.xml.ws.Provider;
import jakarta.xml.ws.Service;
import jakarta.xml.ws.ServiceMode;
import jakarta.xml.ws.WebServiceProvider;

/**
 * A department's SOAP service for the call-out benchmark: the water bureau's permit register
 * (cxQsxk, document/literal) as a CXF provider on its own embedded Tomcat, outside the hub. Both the
 * direct baseline and the call-out through the hub call this same stub.
 */
public final class SoapStub implements AutoCloseable {

    public static final String NS = "http://qsxk.sl.fl.cq.gov.cn/";
    private static final String ANSWER = "<ns2:cxQsxkResponse xmlns:ns2=\"" + NS + "\"><xkz>"
            + "<xkzh>QS-500102-0001</xkzh><qsrmc>重庆市涪陵区自来水有限公司</qsrmc><nqsl> 1250.5 </nqsl>"
            + "<yxq>20290630</yxq><qsd>乌江涪陵段李渡取水口</qsd></xkz></ns2:cxQsxkResponse>";

    @WebServiceProvider(serviceName = "QsxkService", portName = "QsxkServicePort", targetNamespace = NS)
    @ServiceMode(Service.Mode.PAYLOAD)
    public static class PermitRegister implements Provider<Source> {
        final AtomicLong calls = new AtomicLong();

        @Override
        public Source invoke(Source request) {
            calls.incrementAndGet();
            return new StreamSource(new StringReader(ANSWER));
        }
    }

    private final Tomcat tomcat;
    private final PermitRegister register = new PermitRegister();
    private final int port;

    public SoapStub() throws Exception {
        LoopbackTomcat server = LoopbackTomcat.create("stub", LoopbackTomcat.TOMCAT_DEFAULT_THREADS);
        tomcat = server.tomcat();
        Context ctx = server.root();
        Bus bus = BusFactory.newInstance().createBus();
        CXFNonSpringServlet servlet = new CXFNonSpringServlet();
        servlet.setBus(bus);
        Wrapper w = Tomcat.addServlet(ctx, "cxf", servlet);
        w.setLoadOnStartup(1);
        ctx.addServletMappingDecoded("/services/*", "cxf");
        tomcat.start();
        EndpointImpl endpoint = new EndpointImpl(bus, register);
        endpoint.publish("/permit");
        port = tomcat.getConnector().getLocalPort();
    }

    /** The service address (what the hub's connector file names, and what the direct client posts to). */
    public String address() {
        return "http://127.0.0.1:" + port + "/services/permit";
    }

    public long calls() {
        return register.calls.get();
    }

    /** The SOAP 1.1 envelope a direct client sends: the same body the hub's request mapping produces. */
    public static String envelope(String permitNo) {
        return "<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body>"
                + "<ns2:cxQsxk xmlns:ns2=\"" + NS + "\"><xkzh>" + permitNo + "</xkzh></ns2:cxQsxk>"
                + "</soap:Body></soap:Envelope>";
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
