package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Intake requests of the city platform by their Idempotency-Key, and the case each one took in (the
 * base of the fused case the departments' progress is added to).
 */
@Component
public class IntakeStore {

    /**
     * One intake request as stored.
     *
     * @param requestSha256 SHA-256 of the canonical request body: the same key must come with the same body
     * @param departments   the departments the case was sent to, in the request's order
     * @param queuedAt      when every department's dispatch was on its queue; null until then
     */
    public record IntakeRequest(String idempotencyKey, String requestSha256, String supervisionCode,
                                List<String> departments, OffsetDateTime receivedAt, OffsetDateTime queuedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public IntakeStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The request made under this key, if any. */
    public Optional<IntakeRequest> find(String idempotencyKey) {
        return jdbc.query(SELECT + " where idempotency_key = ?", (rs, i) -> row(rs), idempotencyKey).stream().findFirst();
    }

    /**
     * Records a new request and the case it took in; part of the caller's transaction.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the key was taken meanwhile
     */
    public void insert(String idempotencyKey, String requestSha256, String supervisionCode, List<String> departments,
                       String intakeCase) {
        jdbc.update("insert into intake_request (idempotency_key, request_sha256, supervision_code, departments, received_at)"
                + " values (?,?,?,?,?)", idempotencyKey, requestSha256, supervisionCode, String.join(",", departments),
                OffsetDateTime.now(clock));
        jdbc.update("insert into case_intake (supervision_code, content) values (?,?)", supervisionCode, intakeCase);
    }

    /** Every department's dispatch of this request is on its queue. */
    public void markQueued(String idempotencyKey) {
        jdbc.update("update intake_request set queued_at = ? where idempotency_key = ?", OffsetDateTime.now(clock), idempotencyKey);
    }

    /** Requests received before {@code before} whose dispatches were never all queued (the hub stopped in between). */
    public List<IntakeRequest> unqueued(OffsetDateTime before) {
        return jdbc.query(SELECT + " where queued_at is null and received_at < ? order by received_at", (rs, i) -> row(rs), before);
    }

    private static final String SELECT = "select idempotency_key, request_sha256, supervision_code, departments, received_at,"
            + " queued_at from intake_request";

    private static IntakeRequest row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new IntakeRequest(rs.getString(1), rs.getString(2), rs.getString(3), Arrays.asList(rs.getString(4).split(",")),
                rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class));
    }
}
