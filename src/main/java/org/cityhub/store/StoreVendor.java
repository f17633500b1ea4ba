package org.cityhub.store;

import java.util.Locale;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Which database the store is on (PostgreSQL in production, H2 embedded), asked once of a connection's metadata, for
 * the few statements written differently on each: the key lookups of {@link DepartmentKeys} and how a case's content
 * is bound ({@link CaseStore}).
 */
final class StoreVendor {

    private final JdbcTemplate jdbc;
    private volatile Boolean postgres;

    StoreVendor(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    boolean postgres() {
        Boolean p = postgres;
        if (p == null) {
            p = jdbc.execute((ConnectionCallback<Boolean>) c -> c.getMetaData().getDatabaseProductName()
                    .toLowerCase(Locale.ROOT).contains("postgres"));
            postgres = p;
        }
        return p;
    }
}
