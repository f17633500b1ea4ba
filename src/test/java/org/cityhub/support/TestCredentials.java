package org.cityhub.support;

import org.springframework.boot.web.client.RestTemplateCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;

/**
 * Test sources only: every request a test's {@code TestRestTemplate} sends carries the demo-admin API key
 * ({@link TestClients#ADMIN_KEY}), unless it names its own credentials (an {@code X-Api-Key} or an
 * {@code Authorization} header), or asks for none with {@link TestClients#anonymous}. The hub authenticates and
 * authorises it like any client. Picked up by the application's component scan, as test classes are on the
 * test class path; an interceptor, so that it sees the request's final headers.
 */
@Configuration(proxyBeanMethods = false)
public class TestCredentials {

    @Bean
    RestTemplateCustomizer demoAdminUnlessNamed() {
        return template -> template.getInterceptors().add((request, body, execution) -> {
            HttpHeaders h = request.getHeaders();
            if (TestClients.NONE.equals(h.getFirst(HttpHeaders.AUTHORIZATION))) {
                h.remove(HttpHeaders.AUTHORIZATION);
            } else if (!h.containsKey(TestClients.API_KEY_HEADER) && !h.containsKey(HttpHeaders.AUTHORIZATION)) {
                h.set(TestClients.API_KEY_HEADER, TestClients.ADMIN_KEY);
            }
            return execution.execute(request, body);
        });
    }
}
