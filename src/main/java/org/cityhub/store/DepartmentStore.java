package org.cityhub.store;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** The departments the hub knows, as last declared by their connector files, with their state. */
@Component
public class DepartmentStore {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DepartmentStore(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A department row. {@code stateDetail} explains an INVALID state (the connector file's error). */
    public record Department(String code, String name, String region, String mode, String state, String stateDetail) {
    }

    public void save(Department d) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        String detail = d.stateDetail() == null || d.stateDetail().length() <= 2000 ? d.stateDetail() : d.stateDetail().substring(0, 2000);
        int n = jdbc.update("update department set name = ?, region = ?, mode = ?, state = ?, state_detail = ?, updated_at = ? where code = ?",
                d.name(), d.region(), d.mode(), d.state(), detail, now, d.code());
        if (n == 0) {
            jdbc.update("insert into department (code, name, region, mode, state, state_detail, updated_at) values (?,?,?,?,?,?,?)",
                    d.code(), d.name(), d.region(), d.mode(), d.state(), detail, now);
        }
    }

    public List<Department> all() {
        return jdbc.query("select code, name, region, mode, state, state_detail from department order by code",
                (rs, i) -> new Department(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)));
    }
}
