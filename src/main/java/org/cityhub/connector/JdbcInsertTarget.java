package org.cityhub.connector;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLNonTransientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.cityhub.mapping.CaseMapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * {@code jdbc-insert}: writes a case as one row into a table of the department's front exchange
 * database (前置库), where its system picks it up. The reverse mapping's fields are the columns; values
 * are always bound parameters, and column names must be plain identifiers.
 */
final class JdbcInsertTarget extends OutboundTarget {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

    private final HikariDataSource dataSource;
    private final String table;
    private final int timeoutSeconds;

    JdbcInsertTarget(String department, String name, CaseMapping reverse, JsonNode p) {
        super(department, name, reverse, p.path("retries").asInt());
        this.table = p.path("table").asText();
        if (!IDENTIFIER.matcher(table).matches()) {
            throw new IllegalArgumentException("table: expected a plain SQL identifier, got '" + table + "'");
        }
        this.timeoutSeconds = Math.max(1, p.path("timeout").asInt() / 1000);
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(p.path("jdbcUrl").asText());
        hc.setUsername(p.path("username").asText(""));
        hc.setPassword(p.path("password").asText(""));
        hc.setMaximumPoolSize(2);
        hc.setPoolName(department + "-" + name);
        hc.setConnectionTimeout(Math.max(250, p.path("timeout").asLong()));
        hc.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(hc);
    }

    @Override
    protected Reply attempt(ObjectNode record) throws AttemptFailed {
        List<String> columns = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) record::fields) {
            if (!IDENTIFIER.matcher(e.getKey()).matches()) {
                throw new AttemptFailed("reverse mapping field '" + e.getKey() + "' is not a plain column name", false);
            }
            columns.add(e.getKey());
            JsonNode v = e.getValue();
            values.add(v.isNumber() ? v.numberValue() : v.isBoolean() ? v.booleanValue() : v.isValueNode() ? v.asText() : v.toString());
        }
        String sql = "insert into " + table + " (" + String.join(", ", columns) + ") values ("
                + String.join(", ", java.util.Collections.nCopies(columns.size(), "?")) + ")";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < values.size(); i++) {
                ps.setObject(i + 1, values.get(i));
            }
            ps.executeUpdate();
            return new Reply(null, "1 row inserted into " + table);
        } catch (SQLIntegrityConstraintViolationException e) {
            throw new AttemptFailed("the department database refused the row: " + e.getMessage(), false);
        } catch (SQLNonTransientException e) {
            // a wrong column or type is the mapping's fault; a connection that cannot be made is the network's
            boolean connection = e instanceof java.sql.SQLNonTransientConnectionException;
            throw new AttemptFailed((connection ? "cannot reach the department database: " : "the department database refused the row: ")
                    + e.getMessage(), connection);
        } catch (SQLException e) {
            throw new AttemptFailed("the department database failed: " + e.getMessage(), true);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
