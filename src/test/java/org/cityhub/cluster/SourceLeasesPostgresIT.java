package org.cityhub.cluster;

import javax.sql.DataSource;

import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

/** Source leases on the production database: the real PostgreSQL of this machine. */
class SourceLeasesPostgresIT extends SourceLeasesContract {

    private static ThrowAwayDatabase db;
    private static HikariDataSource ds;

    @BeforeAll
    static void open() {
        db = ThrowAwayDatabase.postgres("leases");
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setUsername(db.user());
        ds.setMaximumPoolSize(4);
    }

    @AfterAll
    static void close() {
        ds.close();
        db.close();
    }

    @Override
    protected DataSource dataSource() {
        return ds;
    }
}
