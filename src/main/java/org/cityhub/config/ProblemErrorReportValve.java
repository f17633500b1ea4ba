package org.cityhub.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatContextCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Requests the web server itself refuses before the hub sees them (a NUL or an invalid percent-encoding in
 * the path, an encoded '/', a request line too long) are answered as {@code application/problem+json} with a
 * reason, like every other refusal of the hub, instead of Tomcat's HTML error page; no server version or stack
 * trace is shown.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    public ProblemErrorReportValve() {
        setShowReport(false);
        setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        String detail = status == 400
                ? "the request line or path is malformed (a NUL or control character, an invalid percent-encoding, an encoded '/'"
                        + " or '\\\\', or a '..' above the root); refused by the web server before any handler"
                : status == 413 || status == 414 || status == 431 ? "the request line or headers are too large"
                : "the web server refused the request (HTTP " + status + ")";
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding("UTF-8");
            String body = "{\"type\":\"about:blank\",\"title\":\"" + (status == 400 ? "Bad request" : "Refused") + "\",\"status\":" + status
                    + ",\"detail\":\"" + detail + "\"}";
            response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
            response.finishResponse();
        } catch (IOException | IllegalStateException e) {
            // the client went away: nothing to answer
        }
    }

    /** Installs the valve on the embedded Tomcat's host (before it starts, which adds the error report valve). */
    @Configuration(proxyBeanMethods = false)
    static class Install {
        @Bean
        TomcatContextCustomizer problemErrorReportValve() {
            return context -> {
                if (context.getParent() instanceof org.apache.catalina.core.StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            };
        }
    }
}
