package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Where each case stands with each department it was dispatched to. */
@Component
public class DispatchStore {

    /** The states of one dispatch. */
    public enum State {
        /** On the department's outbound queue. */
        QUEUED,
        /** The department could not be reached; the broker redelivers with back-off. */
        RETRYING,
        /** The department took the case (and may have given its own case number). */
        SENT,
        /** The department refused the case; on the dead-letter queue with its reason. */
        REJECTED,
        /** The retry budget ran out; on the dead-letter queue with the last error. */
        FAILED
    }

    /** One dispatch as stored. */
    public record Dispatch(String supervisionCode, String department, String target, State state,
                           String departmentCaseNo, int attempts, String lastError, OffsetDateTime updatedAt) {
    }

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DispatchStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records a dispatch's new state; {@code departmentCaseNo} null keeps the one already known. */
    public void record(String supervisionCode, String department, String target, State state, String departmentCaseNo,
                       int attempts, String lastError) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String error = lastError == null || lastError.length() <= 2000 ? lastError : lastError.substring(0, 2000);
        int n = jdbc.update("update case_dispatch set target = ?, state = ?, department_case_no = coalesce(?, department_case_no),"
                        + " attempts = ?, last_error = ?, updated_at = ? where supervision_code = ? and department = ?",
                target, state.name(), departmentCaseNo, attempts, error, now, supervisionCode, department);
        if (n == 0) {
            jdbc.update("insert into case_dispatch (supervision_code, department, target, state, department_case_no, attempts,"
                            + " last_error, updated_at) values (?,?,?,?,?,?,?,?)",
                    supervisionCode, department, target, state.name(), departmentCaseNo, attempts, error, now);
        }
    }

    /**
     * Records that a case is (again) on a department's queue; never over a SENT dispatch, so that a case
     * queued a second time (after an interruption) still shows, and is handled as, delivered.
     */
    public void recordQueued(String supervisionCode, String department, String target) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int n = jdbc.update("update case_dispatch set target = ?, state = ?, attempts = 0, last_error = null, updated_at = ?"
                        + " where supervision_code = ? and department = ? and state <> ?",
                target, State.QUEUED.name(), now, supervisionCode, department, State.SENT.name());
        if (n == 0 && find(supervisionCode, department).isEmpty()) {
            jdbc.update("insert into case_dispatch (supervision_code, department, target, state, department_case_no, attempts,"
                            + " last_error, updated_at) values (?,?,?,?,?,?,?,?)",
                    supervisionCode, department, target, State.QUEUED.name(), null, 0, null, now);
        }
    }

    /** Every department a case was dispatched to, by department code. */
    public List<Dispatch> forCase(String supervisionCode) {
        return jdbc.query("select supervision_code, department, target, state, department_case_no, attempts, last_error, updated_at"
                        + " from case_dispatch where supervision_code = ? order by department",
                (rs, i) -> new Dispatch(rs.getString(1), rs.getString(2), rs.getString(3), State.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getInt(6), rs.getString(7), rs.getObject(8, OffsetDateTime.class)), supervisionCode);
    }

    /** One case's dispatch to one department. */
    public Optional<Dispatch> find(String supervisionCode, String department) {
        return forCase(supervisionCode).stream().filter(d -> d.department().equals(department)).findFirst();
    }
}
