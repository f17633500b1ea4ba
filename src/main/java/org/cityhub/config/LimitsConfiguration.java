package org.cityhub.config;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/** Registers the request body limit ({@link BodyLimitFilter}) on every path. */
@Configuration(proxyBeanMethods = false)
class LimitsConfiguration {

    /** First among the filters (authentication included): an oversized body is refused before anything else reads it. */
    @Bean
    FilterRegistrationBean<BodyLimitFilter> bodyLimitRegistration(RequestLimits limits) {
        FilterRegistrationBean<BodyLimitFilter> r = new FilterRegistrationBean<>(new BodyLimitFilter(limits));
        r.setOrder(Ordered.HIGHEST_PRECEDENCE);
        r.addUrlPatterns("/*");
        r.setName("cityhubBodyLimit");
        return r;
    }
}
