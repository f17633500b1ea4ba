package org.cityhub.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Collection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * Looks rows of one department up by a batch of its case numbers, on the {@code (department, <key>)} unique index,
 * one probe per key, whatever the planner knows of the table.
 *
 * <p>Why not {@code department = ? and key in (?, ... 500 ×)}: PostgreSQL, before a table's first ANALYZE (autovacuum
 * off, or a table growing fast between two), prices such a list as less selective than the department alone, scans
 * every row of the department and filters them — per batch, so a migration or an ingest slows down as the table grows
 * (issue 7: a 100,000-row migration took 13 minutes instead of one). Joining the keys as {@code unnest(?)} gives a
 * nested loop of index probes whatever the statistics. H2 (the embedded store) plans the plain list by the index.
 */
final class DepartmentKeys {

    private final JdbcTemplate jdbc;
    private final StoreVendor vendor;

    DepartmentKeys(JdbcTemplate jdbc, StoreVendor vendor) {
        this.jdbc = jdbc;
        this.vendor = vendor;
    }

    /**
     * Runs {@code select <columns> from <table> t where t.department = ? and t.<keyColumn> in keys <suffix>}.
     *
     * @param columns   the select list, with the table's alias {@code t} (e.g. {@code t.id, t.department_case_no})
     * @param forUpdate whether to lock the rows found
     */
    void query(String columns, String table, String keyColumn, String department, Collection<String> keys, boolean forUpdate,
               RowCallbackHandler rows) {
        if (keys.isEmpty()) {
            return;
        }
        String[] values = keys.toArray(new String[0]);
        if (vendor.postgres()) {
            jdbc.query((Connection con) -> {
                PreparedStatement ps = con.prepareStatement("select " + columns + " from unnest(?::varchar[]) as k(key) join " + table
                        + " t on t.department = ? and t." + keyColumn + " = k.key" + (forUpdate ? " for update of t" : ""));
                ps.setArray(1, con.createArrayOf("varchar", values));
                ps.setString(2, department);
                return ps;
            }, rows);
        } else {
            Object[] args = new Object[values.length + 1];
            args[0] = department;
            System.arraycopy(values, 0, args, 1, values.length);
            jdbc.query("select " + columns + " from " + table + " t where t.department = ? and t." + keyColumn + " in ("
                    + String.join(",", java.util.Collections.nCopies(values.length, "?")) + ")" + (forUpdate ? " for update" : ""),
                    rows, args);
        }
    }
}
