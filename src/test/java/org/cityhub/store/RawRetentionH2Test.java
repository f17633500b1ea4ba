package org.cityhub.store;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

/** Raw archive retention on the embedded default database (H2 in PostgreSQL mode). */
class RawRetentionH2Test extends RawRetentionContract {

    private static HikariDataSource ds;

    @BeforeAll
    static void open() {
        ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:rawretention;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        ds.setUsername("sa");
        ds.setMaximumPoolSize(8);
    }

    @AfterAll
    static void close() {
        ds.close();
    }

    @Override
    protected DataSource dataSource() {
        return ds;
    }
}
