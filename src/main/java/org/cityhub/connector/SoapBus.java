package org.cityhub.connector;

import org.apache.cxf.Bus;
import org.apache.cxf.ws.policy.PolicyEngine;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Configuration;

/**
 * The hub's CXF bus (Spring Boot's {@code cxf}, also CXF's default bus), on which its SOAP clients (call-outs, polls,
 * dispatches) and its SOAP endpoints run, with the WS-Policy engine off. The hub builds its clients without a WSDL
 * ({@code Dispatch} in payload mode) and publishes no policy, so the engine never has a policy to apply; on, it still
 * added its interceptors to every message in and out (7% of the call-out threads' CPU samples in the call-out
 * benchmark, bench/NOTES.md). A department service that needs WS-Security would be a new connector template, with its
 * own interceptors, not a policy found in a WSDL.
 */
@Configuration(proxyBeanMethods = false)
class SoapBus {

    /** The bus is absent when the hub runs without its web server (CXF's endpoints are served by it). */
    SoapBus(ObjectProvider<Bus> bus) {
        bus.ifAvailable(b -> {
            PolicyEngine policies = b.getExtension(PolicyEngine.class);
            if (policies != null) {
                policies.setEnabled(false);
            }
        });
    }
}
