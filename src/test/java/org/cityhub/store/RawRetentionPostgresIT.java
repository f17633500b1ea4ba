package org.cityhub.store;

import javax.sql.DataSource;

import org.cityhub.support.ThrowAwayDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

/** Raw archive retention on the production database: the real PostgreSQL of this machine. */
class RawRetentionPostgresIT extends RawRetentionContract {

    private static ThrowAwayDatabase db;
    private static HikariDataSource ds;

    @BeforeAll
    static void open() {
        db = ThrowAwayDatabase.postgres("retention");
        ds = new HikariDataSource();
        ds.setJdbcUrl(db.url());
        ds.setUsername(db.user());
        ds.setMaximumPoolSize(8);
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
