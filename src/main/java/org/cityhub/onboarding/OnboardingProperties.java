package org.cityhub.onboarding;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the onboarding processes ({@code cityhub.onboarding.*}).
 *
 * @param retiredCheckPeriod how often the hub looks whether a retired department's legacy system still
 *                           writes records (each finding raises an alert); default 10 minutes
 * @param readRetries        how often a migration retries a page its legacy system failed to give before
 *                           the migration stops as FAILED (resume it with the resume-migration action); default 5
 * @param retryPause         pause before each such retry; default 5 seconds
 * @param mismatchLimit      how many differing cases a reconciliation report lists (all are counted); default 1000
 * @param reportReuse        how long the console may show a reconciliation report again instead of computing it
 *                           anew while nothing it counts has moved (the migration, the department's cases, its
 *                           inbound queue); a change in the legacy table is seen at most this late; default 1 minute.
 *                           The API and the verify action always compute afresh.
 */
@ConfigurationProperties("cityhub.onboarding")
public record OnboardingProperties(@DefaultValue("PT10M") Duration retiredCheckPeriod, @DefaultValue("5") int readRetries,
                                   @DefaultValue("PT5S") Duration retryPause, @DefaultValue("1000") int mismatchLimit,
                                   @DefaultValue("PT1M") Duration reportReuse) {
}
