package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The departments the hub knows, as last declared by their connector files: whether the file is valid
 * and its routes run ({@code state}), and where the department stands in its onboarding process
 * ({@code lifecycle}, changed only through audited admin actions, see {@link DepartmentAudit}).
 */
@Component
public class DepartmentStore {

    /** The lifecycle of a department seen for the first time. */
    public static final String FIRST_LIFECYCLE = "ONBOARDING";
    /** The lifecycle in which a department's legacy system is switched off. */
    public static final String RETIRED = "RETIRED";

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DepartmentStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A department row. {@code stateDetail} explains an INVALID state (the connector file's error).
     * {@code lifecycle} is the onboarding state; {@code lifecycleSince} when it was entered.
     */
    public record Department(String code, String name, String region, String mode, String state, String stateDetail,
                             String lifecycle, OffsetDateTime lifecycleSince) {

        /** A department as declared by its connector file; the lifecycle is kept from the store. */
        public Department(String code, String name, String region, String mode, String state, String stateDetail) {
            this(code, name, region, mode, state, stateDetail, null, null);
        }
    }

    private static final RowMapper<Department> ROW = (rs, i) -> new Department(rs.getString("code"), rs.getString("name"),
            rs.getString("region"), rs.getString("mode"), rs.getString("state"), rs.getString("state_detail"),
            rs.getString("lifecycle"), rs.getObject("lifecycle_since", OffsetDateTime.class));

    /**
     * Records what the connector file declares (name, region, mode, whether it runs). A new department
     * starts {@value #FIRST_LIFECYCLE}; an existing one keeps its lifecycle.
     */
    public void save(Department d) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String detail = d.stateDetail() == null || d.stateDetail().length() <= 2000 ? d.stateDetail() : d.stateDetail().substring(0, 2000);
        int n = jdbc.update("update department set name = ?, region = ?, mode = ?, state = ?, state_detail = ?, updated_at = ? where code = ?",
                d.name(), d.region(), d.mode(), d.state(), detail, now, d.code());
        if (n == 0) {
            jdbc.update("insert into department (code, name, region, mode, state, state_detail, updated_at, lifecycle, lifecycle_since)"
                    + " values (?,?,?,?,?,?,?,?,?)", d.code(), d.name(), d.region(), d.mode(), d.state(), detail, now,
                    FIRST_LIFECYCLE, now);
        }
    }

    /**
     * Moves a department's lifecycle, only from the state the caller saw (so two admins acting at once
     * cannot both win).
     *
     * @return false when the department was no longer in {@code from}
     */
    public boolean moveLifecycle(String code, String from, String to) {
        return jdbc.update("update department set lifecycle = ?, lifecycle_since = ? where code = ? and lifecycle = ?",
                to, OffsetDateTime.now(clock), code, from) == 1;
    }

    public Optional<Department> find(String code) {
        return jdbc.query("select * from department where code = ?", ROW, code).stream().findFirst();
    }

    /** Whether the department's legacy system has been retired: anything it still sends is refused. */
    public boolean isRetired(String code) {
        return find(code).map(d -> RETIRED.equals(d.lifecycle())).orElse(false);
    }

    public List<Department> all() {
        return jdbc.query("select * from department order by code", ROW);
    }
}
