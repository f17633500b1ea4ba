package org.cityhub.connector;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.cityhub.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The poll back-off of a failure spell, on a clock the test moves: no waiting. */
class FailureSpellTest {

    private static final long PERIOD = 1000;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T02:00:00Z"));
    private final FailureSpell spell = new FailureSpell(LoggerFactory.getLogger(FailureSpellTest.class), "land-cases",
            "the department database", clock);

    @Test
    void pollsAreDueEveryTimeWhileTheDepartmentAnswers() {
        assertThat(spell.due()).isTrue();
        spell.succeeded();
        assertThat(spell.due()).isTrue();
        assertThat(spell.retryAt()).isNull();
    }

    @Test
    void whileTheDepartmentFailsAttemptsAreSpacedOutDoublingFromThePeriodUpToTheCap() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            spell.failed("SQLTransientConnectionException: connection refused", PERIOD);
            Instant failedAt = clock.instant();
            assertThat(spell.due()).as("right after a failure").isFalse();
            waits.add(Duration.between(failedAt, spell.retryAt()).toMillis());
            clock.set(spell.retryAt().minusMillis(1));
            assertThat(spell.due()).as("just before the back-off has passed").isFalse();
            clock.set(spell.retryAt());
            assertThat(spell.due()).as("once it has passed").isTrue();
        }
        assertThat(waits).containsExactly(1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        assertThat(spell.lastError()).contains("connection refused");
    }

    @Test
    void theFirstSuccessReturnsToTheNormalPeriodAndClearsTheError() {
        for (int i = 0; i < 5; i++) {
            spell.failed("HTTP 503", PERIOD);
            clock.set(spell.retryAt());
        }
        spell.succeeded();
        assertThat(spell.due()).isTrue();
        assertThat(spell.lastError()).isNull();
        assertThat(spell.lastSuccess()).isEqualTo(clock.instant());

        // a new spell starts again from one period
        Instant failedAt = clock.instant();
        spell.failed("HTTP 503", PERIOD);
        assertThat(Duration.between(failedAt, spell.retryAt())).isEqualTo(Duration.ofMillis(PERIOD));
    }

    @Test
    void aPeriodLongerThanTheCapIsNeverShortenedNorDoubled() {
        Duration hour = Duration.ofHours(1);
        assertThat(FailureSpell.backoff(1, hour)).isEqualTo(hour);
        assertThat(FailureSpell.backoff(5, hour)).isEqualTo(hour);
        assertThat(FailureSpell.backoff(10_000, Duration.ofMillis(PERIOD))).isEqualTo(FailureSpell.MAX_BACKOFF);
    }
}
