package org.cityhub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The ingest's retry settings ({@code cityhub.ingest.*}): the back-off they give and the values they refuse. */
class IngestSettingsTest {

    @Test
    void theBackOffDoublesFromTheRetryDelayUpToItsMaximum() {
        HubProperties.Ingest ingest = new HubProperties.Ingest(4, 200, 10, Duration.ofSeconds(1), Duration.ofSeconds(60));
        assertThat(ingest.retryDelayMillis(1)).isEqualTo(1_000);
        assertThat(ingest.retryDelayMillis(2)).isEqualTo(2_000);
        assertThat(ingest.retryDelayMillis(6)).isEqualTo(32_000);
        assertThat(ingest.retryDelayMillis(7)).as("capped").isEqualTo(60_000);
        assertThat(ingest.retryDelayMillis(500)).as("no overflow far past the cap").isEqualTo(60_000);
    }

    @Test
    void refusesSettingsThatCouldNotWork() {
        Duration second = Duration.ofSeconds(1);
        assertThatThrownBy(() -> new HubProperties.Ingest(4, 200, 0, second, second))
                .hasMessage("cityhub.ingest.max-attempts: expected 1 or more, got 0");
        assertThatThrownBy(() -> new HubProperties.Ingest(4, 200, 10, Duration.ZERO, second))
                .hasMessage("cityhub.ingest.retry-delay: expected a positive duration, got PT0S");
        assertThatThrownBy(() -> new HubProperties.Ingest(4, 200, 10, Duration.ofSeconds(5), second))
                .hasMessage("cityhub.ingest.max-retry-delay: expected at least the retry delay (PT5S), got PT1S");
    }
}
