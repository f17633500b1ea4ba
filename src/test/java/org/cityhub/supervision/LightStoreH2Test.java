package org.cityhub.supervision;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import com.zaxxer.hikari.HikariDataSource;

/** The persisted lights on the embedded default database (H2 in PostgreSQL mode). */
class LightStoreH2Test extends LightStoreContract {

    private static HikariDataSource ds;

    @BeforeAll
    static void open() {
        ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:lightstore;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
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
