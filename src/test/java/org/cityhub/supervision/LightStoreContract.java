package org.cityhub.supervision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;

import javax.sql.DataSource;

import org.cityhub.caseflow.CaseStatus;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The persisted lights' guarantees (V7 and LightStore's SQL), run against each database the hub supports. */
abstract class LightStoreContract {

    protected abstract DataSource dataSource();

    LightStore lights;
    JdbcTemplate jdbc;

    @BeforeEach
    void migrateAndClean() {
        Flyway.configure().dataSource(dataSource()).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource());
        jdbc.update("delete from case_light");
        jdbc.update("update supervision_cursor set last_seq = 0");
        lights = new LightStore(jdbc);
    }

    static Instant t(String local) {
        return OffsetDateTime.parse(local + "+08:00").toInstant();
    }

    static CaseFacts facts(String channel, Boolean delivered, Instant completedAt) {
        CaseClock clock = new CaseClock(t("2026-03-02T09:00:00"), new TimeLimit(10, TimeLimit.Unit.WORKING_DAY), List.of(),
                completedAt, completedAt);
        return new CaseFacts(clock, completedAt == null ? CaseStatus.IN_REVIEW : CaseStatus.COMPLETED,
                t("2026-03-01T16:00:00"), channel, delivered);
    }

    static Assessment open(Light light, String deadline, String next) {
        return new Assessment(light, null, t(deadline), t(deadline).minusSeconds(86_400), 0.5, false,
                next == null ? null : t(next), null, null);
    }

    static Assessment closed(boolean onTime, double days) {
        return new Assessment(Light.CLOSED, null, t("2026-03-17T00:00:00"), t("2026-03-14T00:00:00"), 0.9, false, null,
                onTime, days);
    }

    String lightOf(String code) {
        return jdbc.queryForObject("select light from case_light where supervision_code = ?", String.class, code);
    }

    @Test
    void aComputationFromAnOlderVersionOrAnEarlierTimeNeverReplacesANewerOne() {
        String code = "500102202603020000000001A";
        lights.save(code, "land", 2, facts("2", null, null), open(Light.RED, "2026-03-17T00:00:00", null), t("2026-03-17T00:00:00"));

        lights.save(code, "land", 1, facts("2", null, null), open(Light.GREEN, "2026-03-17T00:00:00", null), t("2026-03-18T00:00:00"));
        lights.save(code, "land", 2, facts("2", null, null), open(Light.YELLOW, "2026-03-17T00:00:00", null), t("2026-03-16T00:00:00"));
        assertThat(lightOf(code)).isEqualTo("RED");

        lights.save(code, "land", 3, facts("2", null, null), open(Light.GREEN, "2026-03-20T00:00:00", null), t("2026-03-17T00:00:00"));
        assertThat(lightOf(code)).isEqualTo("GREEN");
        assertThat(jdbc.queryForObject("select count(*) from case_light", Long.class)).isEqualTo(1);
    }


    @Test
    void oneBatchInsertsTheNewCasesUpdatesTheOlderRowsAndKeepsTheNewerOnes() {
        String older = "500102202603020000000001A";
        String newer = "500102202603020000000002A";
        lights.save(older, "land", 1, facts("2", null, null), open(Light.GREEN, "2026-03-17T00:00:00", null), t("2026-03-10T00:00:00"));
        lights.save(newer, "land", 5, facts("2", null, null), open(Light.RED, "2026-03-17T00:00:00", null), t("2026-03-10T00:00:00"));
        List<String> fresh = List.of("500102202603020000000003A", "500102202603020000000004A", "500102202603020000000005A");

        List<LightStore.Computed> batch = new java.util.ArrayList<>();
        batch.add(new LightStore.Computed(older, "land", 2, facts("2", null, null), open(Light.YELLOW, "2026-03-17T00:00:00", null)));
        batch.add(new LightStore.Computed(newer, "land", 4, facts("2", null, null), open(Light.GREEN, "2026-03-17T00:00:00", null)));
        for (String code : fresh) {
            batch.add(new LightStore.Computed(code, "land", 1, facts("2", null, null), open(Light.YELLOW, "2026-03-17T00:00:00", null)));
        }
        lights.save(batch, t("2026-03-11T00:00:00"));

        assertThat(lightOf(older)).isEqualTo("YELLOW");
        assertThat(lightOf(newer)).isEqualTo("RED");
        assertThat(fresh).allSatisfy(code -> assertThat(lightOf(code)).isEqualTo("YELLOW"));
        assertThat(jdbc.queryForObject("select count(*) from case_light", Long.class)).isEqualTo(5);
        assertThat(jdbc.queryForObject("select case_version from case_light where supervision_code = ?", Integer.class, newer))
                .isEqualTo(5);
    }
    @Test
    void dueCasesAreThoseWhoseNextChangeHasCome() {
        lights.save("500102202603020000000001A", "land", 1, facts(null, null, null),
                open(Light.GREEN, "2026-03-17T00:00:00", "2026-03-14T00:00:00"), t("2026-03-10T00:00:00"));
        lights.save("500102202603020000000002A", "land", 1, facts(null, null, null),
                open(Light.YELLOW, "2026-03-12T00:00:00", "2026-03-12T00:00:00"), t("2026-03-10T00:00:00"));

        assertThat(lights.due(t("2026-03-12T00:00:00"), 10)).containsExactly("500102202603020000000002A");
        assertThat(lights.due(t("2026-03-14T00:00:00"), 10)).hasSize(2);
    }

    @Test
    void alertsArePagedByDeadlineThenCodeAndFilteredByLightAndDepartment() {
        lights.save("500102202603020000000003A", "land", 1, facts(null, null, null), open(Light.RED, "2026-03-10T00:00:00", null), t("2026-03-20T00:00:00"));
        lights.save("500102202603020000000001A", "land", 1, facts(null, null, null), open(Light.RED, "2026-03-10T00:00:00", null), t("2026-03-20T00:00:00"));
        lights.save("500102202603020000000002A", "land", 1, facts(null, null, null), open(Light.RED, "2026-03-05T00:00:00", null), t("2026-03-20T00:00:00"));
        lights.save("500102202603020000000004A", "drug", 1, facts(null, null, null), open(Light.RED, "2026-03-01T00:00:00", null), t("2026-03-20T00:00:00"));
        lights.save("500102202603020000000005A", "land", 1, facts(null, null, null), open(Light.GREEN, "2026-03-30T00:00:00", null), t("2026-03-20T00:00:00"));

        List<LightStore.Row> first = lights.byDeadline(EnumSet.of(Light.RED), "land", null, null, 2);
        assertThat(first).extracting(LightStore.Row::supervisionCode)
                .containsExactly("500102202603020000000002A", "500102202603020000000001A");
        LightStore.Row last = first.get(1);
        List<LightStore.Row> second = lights.byDeadline(EnumSet.of(Light.RED), "land", last.deadline().toInstant(),
                last.supervisionCode(), 2);
        assertThat(second).extracting(LightStore.Row::supervisionCode).containsExactly("500102202603020000000003A");
        assertThat(lights.byDeadline(EnumSet.of(Light.RED, Light.GREEN), null, null, null, 10)).hasSize(5);
    }

    @Test
    void statisticsCountThePeriodsCasesPerDepartment() {
        lights.save("500102202603020000000001A", "land", 1, facts("2", true, t("2026-03-16T18:00:00")), closed(true, 9.75), t("2026-03-20T00:00:00"));
        lights.save("500102202603020000000002A", "land", 1, facts("1", false, t("2026-03-18T10:00:00")), closed(false, 11.5), t("2026-03-20T00:00:00"));
        lights.save("500102202603020000000003A", "land", 1, facts(null, null, null), open(Light.GREEN, "2026-03-30T00:00:00", null), t("2026-03-20T00:00:00"));

        List<Statistics.Counts> all = lights.statistics(null, t("2026-03-01T00:00:00"), t("2026-04-01T00:00:00"));
        assertThat(all).hasSize(1);
        Statistics.Counts c = all.get(0);
        assertThat(c.received()).isEqualTo(3);
        assertThat(c.receivedChannelKnown()).isEqualTo(2);
        assertThat(c.receivedOnline()).isEqualTo(1);
        assertThat(c.completed()).isEqualTo(2);
        assertThat(c.completedOnTime()).isEqualTo(1);
        assertThat(c.completedLate()).isEqualTo(1);
        assertThat(c.averageHandlingDays()).isEqualTo(10.625);
        assertThat(c.completedOnlineDelivered()).isEqualTo(1);
        assertThat(c.completedDeliveryKnown()).isEqualTo(2);
        assertThat(lights.statistics("land", t("2026-04-01T00:00:00"), t("2026-05-01T00:00:00"))).isEmpty();
        assertThat(lights.receivedByChannel("land", t("2026-03-01T00:00:00"), t("2026-04-01T00:00:00"))).hasSize(3);
    }

    @Test
    void theFeedPositionOnlyMovesForward() {
        lights.advance(10);
        lights.advance(7);
        assertThat(lights.cursor()).isEqualTo(10);
    }

    @Test
    void theClockOfALightIsKeptWithItAndReadBackForItsVersionOnly() {
        String code = "500102202603020000000001A";
        CaseClock clock = new CaseClock(t("2026-03-02T09:00:00.123456789"), new TimeLimit(10, TimeLimit.Unit.WORKING_DAY),
                List.of(new ClockStop(t("2026-03-05T12:00:00"), t("2026-03-06T08:30:00"), "SUSPENDED"),
                        new ClockStop(t("2026-03-09T00:00:00"), null, "special procedure 延长审批")),
                null, null);
        CaseFacts facts = new CaseFacts(clock, CaseStatus.SUSPENDED, t("2026-03-01T16:00:00"), "2", null);
        lights.save(code, "land", 2, facts, open(Light.GREEN, "2026-03-17T00:00:00", null), t("2026-03-10T00:00:00"));

        assertThat(lights.clockOf(code, 2)).contains(clock);
        assertThat(lights.clockOf(code, 1)).as("a newer computation serves an older read").contains(clock);
        assertThat(lights.clockOf(code, 3)).as("the case moved on: not this row's clock").isEmpty();
        assertThat(lights.clockOf("500102202603020000000002A", 1)).isEmpty();
    }
}
