package org.cityhub.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits on what callers may send the hub ({@code cityhub.limits.*}).
 *
 * @param maxBody the largest request body the hub reads, on every HTTP endpoint (the JSON API, SOAP pushes,
 *                connector validation): a larger one is answered {@code 413 application/problem+json} with the
 *                limit in its detail, whether it announces its size ({@code Content-Length}) or is sent chunked
 *                (counted while it is read). Default {@code 4MB}; a size such as {@code 512KB} or {@code 16MB}.
 */
@ConfigurationProperties(prefix = "cityhub.limits")
public record RequestLimits(@DefaultValue("4MB") DataSize maxBody) {
}
