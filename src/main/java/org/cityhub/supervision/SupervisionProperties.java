package org.cityhub.supervision;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of electronic supervision ({@code cityhub.supervision.*}).
 *
 * @param calendarDir the folder of the working-day calendar files, one {@code <year>.yaml} per year
 *                    ({@code CITYHUB_CALENDAR_DIR}; default {@code calendar/} in the hub home)
 * @param feedPeriod  how often the lights of changed cases are recomputed from the change feed; default 5 seconds
 * @param sweepPeriod how often the hub looks for cases whose light changes by time alone (turning YELLOW or
 *                    RED at their moment without a new message); default 30 seconds
 * @param batchSize   cases recomputed per database round; default 500
 */
@ConfigurationProperties("cityhub.supervision")
public record SupervisionProperties(String calendarDir, @DefaultValue("PT5S") Duration feedPeriod,
                                    @DefaultValue("PT30S") Duration sweepPeriod, @DefaultValue("500") int batchSize) {
}
