package org.cityhub.cluster;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

/** Source leases on the embedded default database (H2 in PostgreSQL mode). */
class SourceLeasesH2Test extends SourceLeasesContract {

    private static HikariDataSource ds;

    @BeforeAll
    static void open() {
        ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:leases;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
        ds.setUsername("sa");
        ds.setMaximumPoolSize(4);
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
