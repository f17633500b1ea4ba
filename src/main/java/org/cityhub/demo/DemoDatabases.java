package org.cityhub.demo;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/** The simulated departments' own databases: H2 files under the data directory's {@code demo/}. */
final class DemoDatabases {

    private DemoDatabases() {
    }

    /**
     * A pool on the H2 file {@code demo/<name>} of the data directory. Use the same URL as the
     * department's connector file (H2 shares one database per file within the JVM).
     *
     * @param urlOptions H2 options after the file, e.g. {@code ;MODE=MySQL}, or empty
     */
    static HikariDataSource open(Path dataDir, String name, String urlOptions, int poolSize) {
        Path file = dataDir.resolve("demo").resolve(name);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl("jdbc:h2:file:" + file + urlOptions);
        hc.setUsername("sa");
        hc.setPassword("");
        hc.setMaximumPoolSize(poolSize);
        hc.setPoolName("demo-" + name);
        return new HikariDataSource(hc);
    }
}
