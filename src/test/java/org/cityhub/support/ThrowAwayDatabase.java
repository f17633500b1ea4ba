package org.cityhub.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A database created for one test class on this machine's real PostgreSQL or MariaDB, dropped after.
 * Names are random so that parallel runs and left-overs of crashed runs never collide.
 */
public final class ThrowAwayDatabase implements AutoCloseable {

    /** PostgreSQL on this machine: 127.0.0.1:5432, trust authentication. */
    public static final String POSTGRES_ADMIN_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    /** MariaDB on this machine: 127.0.0.1:3306, root with an empty password. */
    public static final String MARIADB_ADMIN_URL = "jdbc:mariadb://127.0.0.1:3306/";

    private final String adminUrl;
    private final String user;
    private final String name;
    private final String url;

    private ThrowAwayDatabase(String adminUrl, String user, String name, String url) {
        this.adminUrl = adminUrl;
        this.user = user;
        this.name = name;
        this.url = url;
    }

    public static ThrowAwayDatabase postgres(String purpose) {
        String name = "cityhub_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        exec(POSTGRES_ADMIN_URL, "postgres", "create database " + name);
        return new ThrowAwayDatabase(POSTGRES_ADMIN_URL, "postgres", name, "jdbc:postgresql://127.0.0.1:5432/" + name);
    }

    public static ThrowAwayDatabase mariadb(String purpose) {
        String name = "cityhub_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8);
        exec(MARIADB_ADMIN_URL, "root", "create database " + name + " character set utf8mb4");
        return new ThrowAwayDatabase(MARIADB_ADMIN_URL, "root", name, "jdbc:mariadb://127.0.0.1:3306/" + name);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, "");
    }

    @Override
    public void close() {
        String drop = adminUrl.startsWith("jdbc:postgresql") ? "drop database if exists " + name + " with (force)"
                : "drop database if exists " + name;
        exec(adminUrl, user, drop);
    }

    private static void exec(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url + " (is the service running? see README)", e);
        }
    }
}
