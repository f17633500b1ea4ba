package org.cityhub.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.apache.catalina.startup.Tomcat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The floors of the two read paths, measured in the same round as the hub: what this machine gives for the least work
 * a lookup or a call-out must do, with no framework around it. Embedded Tomcats in the harness's JVM (like
 * {@link SoapStub}), plain servlets, no security, no metrics, no access log, no audit:
 * <ul>
 * <li>{@code GET /cases/{code}}: one read by key from the same store, through a pool of as many connections as the
 * hub's (10), and the stored case written as the answer;</li>
 * <li>{@code POST /permit}: the call-out's round trip. The JSON request read, the SOAP envelope written and posted to
 * the same stub over a kept-alive connection, the answer's elements read with StAX into a JSON object and
 * written back.</li>
 * </ul>
 * So a target the floor itself misses is out of reach on this machine for any hub, and the hub's figure is read
 * against the floor's. Each floor has its own server. The lookups' runs {@link #THREADS} request threads, 4 per
 * processor: on 2 cores the best of 8, 16 and 200 (bench/NOTES.md, 2026-12-08), where at 200 its p99 was 10 to 20
 * times that at 8 (64 threads on 2 cores queueing for 10 connections). The call-outs' runs Tomcat's default 200, as
 * the stub does, as before.
 */
final class BareServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final XMLInputFactory XML = XMLInputFactory.newFactory();

    static {
        XML.setProperty(XMLInputFactory.IS_COALESCING, true);
    }

    static final int THREADS = 4 * Runtime.getRuntime().availableProcessors();

    private final Tomcat lookups;
    private final Tomcat callouts;
    private final HikariDataSource pool;

    BareServer(String storeUrl, String storeUser, String stubAddress) throws Exception {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(storeUrl);
        hc.setUsername(storeUser);
        hc.setMaximumPoolSize(10);
        hc.setPoolName("bare-floor");
        pool = new HikariDataSource(hc);
        LoopbackTomcat lookup = LoopbackTomcat.create("bare-lookup", THREADS);
        Tomcat.addServlet(lookup.root(), "lookup", new Lookup(pool));
        lookup.root().addServletMappingDecoded("/cases/*", "lookup");
        LoopbackTomcat callout = LoopbackTomcat.create("bare-callout", LoopbackTomcat.TOMCAT_DEFAULT_THREADS);
        Tomcat.addServlet(callout.root(), "callout", new Callout(stubAddress));
        callout.root().addServletMappingDecoded("/permit", "callout");
        lookups = lookup.tomcat();
        callouts = callout.tomcat();
        lookups.start();
        callouts.start();
    }

    /** The lookups' floor: {@code /cases/{code}}. */
    String lookupUrl(String path) {
        return "http://127.0.0.1:" + lookups.getConnector().getLocalPort() + path;
    }

    /** The call-outs' floor: {@code /permit}. */
    String calloutUrl(String path) {
        return "http://127.0.0.1:" + callouts.getConnector().getLocalPort() + path;
    }

    @Override
    public void close() throws Exception {
        for (Tomcat t : new Tomcat[] {lookups, callouts}) {
            t.stop();
            t.destroy();
        }
        pool.close();
    }

    private static final class Lookup extends HttpServlet {
        private final HikariDataSource pool;

        Lookup(HikariDataSource pool) {
            this.pool = pool;
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String code = req.getPathInfo() == null ? "" : req.getPathInfo().substring(1);
            String content = null;
            try (Connection c = pool.getConnection();
                 PreparedStatement ps = c.prepareStatement("select content from exchange_case where supervision_code = ?")) {
                ps.setString(1, code);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        content = rs.getString(1);
                    }
                }
            } catch (SQLException e) {
                resp.sendError(503, e.getMessage());
                return;
            }
            if (content == null) {
                resp.sendError(404);
                return;
            }
            byte[] body = content.getBytes(StandardCharsets.UTF_8);
            resp.setContentType("application/json");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }

    private static final class Callout extends HttpServlet {
        private final URL stub;

        Callout(String stubAddress) throws IOException {
            this.stub = new URL(stubAddress);
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String permitNo = JSON.readTree(req.getInputStream()).path("permitNo").asText();
            byte[] envelope = SoapStub.envelope(permitNo).getBytes(StandardCharsets.UTF_8);
            HttpURLConnection c = (HttpURLConnection) stub.openConnection();
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "text/xml; charset=UTF-8");
            c.setRequestProperty("SOAPAction", "\"\"");
            c.setFixedLengthStreamingMode(envelope.length);
            try (OutputStream o = c.getOutputStream()) {
                o.write(envelope);
            }
            int status = c.getResponseCode();
            byte[] answer;
            try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
                ByteArrayOutputStream buf = new ByteArrayOutputStream(1024);
                in.transferTo(buf);
                answer = buf.toByteArray();
            }
            if (status != 200) {
                resp.sendError(502, "the department answered " + status);
                return;
            }
            ObjectNode out = JSON.createObjectNode();
            try {
                XMLStreamReader r = XML.createXMLStreamReader(new StringReader(new String(answer, StandardCharsets.UTF_8)));
                String element = null;
                while (r.hasNext()) {
                    switch (r.next()) {
                        case XMLStreamConstants.START_ELEMENT -> element = r.getLocalName();
                        case XMLStreamConstants.CHARACTERS -> {
                            if (element != null && !r.isWhiteSpace()) {
                                out.put(element, r.getText().strip());
                            }
                        }
                        case XMLStreamConstants.END_ELEMENT -> element = null;
                        default -> { }
                    }
                }
            } catch (XMLStreamException e) {
                resp.sendError(502, "the department's answer is not XML: " + e.getMessage());
                return;
            }
            byte[] body = JSON.writeValueAsBytes(out);
            resp.setContentType("application/json");
            resp.setContentLength(body.length);
            resp.getOutputStream().write(body);
        }
    }
}
