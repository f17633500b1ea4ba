package org.cityhub.callout;

import java.sql.Clob;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.cityhub.connector.ConnectorFile;
import org.cityhub.mapping.CaseMapping;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * {@code sql-callout}: one query on the department's database. Its named parameters ({@code :projectCode})
 * are bound from the mapped request's fields of the same name as JDBC parameters, never pasted into the
 * SQL. The answer is {@code {"parameters": {...}, "rows": [...]}}: the values bound, and one object per
 * row, column names in upper case (the jdbc-poll convention), times as ISO-8601 text. No connection is UNAVAILABLE, a query over time TIMEOUT,
 * any other database error a FAULT.
 */
final class SqlCallout extends CalloutOperation {

    /** A named parameter outside quoted literals; {@code ::} casts are not parameters. */
    private static final Pattern PARAMETER = Pattern.compile("(?<![:\\w]):([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern LITERAL = Pattern.compile("'(?:[^']|'')*'");

    private final ObjectMapper json;
    private final HikariDataSource dataSource;
    private final NamedParameterJdbcTemplate jdbc;
    private final String query;
    private final Set<String> parameters = new LinkedHashSet<>();

    SqlCallout(String department, ConnectorFile.Callout settings, CaseMapping request, CaseMapping response, ObjectMapper json) {
        super(department, settings, request, response);
        this.json = json;
        JsonNode p = settings.parameters();
        this.query = p.path("query").asText();
        Matcher m = PARAMETER.matcher(LITERAL.matcher(query).replaceAll("''"));
        while (m.find()) {
            parameters.add(m.group(1));
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(p.path("jdbcUrl").asText());
        hc.setUsername(p.path("username").asText(""));
        hc.setPassword(p.path("password").asText(""));
        hc.setMaximumPoolSize(p.path("poolSize").asInt(4));
        hc.setMinimumIdle(0);
        hc.setPoolName("callout-" + department + "-" + settings.name());
        // half the time limit: an unreachable database is reported as such, not as a slow one
        hc.setConnectionTimeout(Math.max(250, settings.timeout() / 2));
        hc.setReadOnly(true);
        // the department's database may be down when the hub starts: the first call reports it, not the start
        hc.setInitializationFailTimeout(-1);
        try {
            this.dataSource = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("jdbcUrl: " + e.getMessage(), e);
        }
        JdbcTemplate plain = new JdbcTemplate(dataSource);
        // the route's time limit answers the caller; this one only frees the connection soon after
        plain.setQueryTimeout(settings.timeout() / 1000 + 1);
        plain.setMaxRows(p.path("maxRows").asInt(100));
        this.jdbc = new NamedParameterJdbcTemplate(plain);
    }

    /** The query's named parameters, in order of first use. */
    Set<String> parameters() {
        return parameters;
    }

    @Override
    protected void checkRequest(ObjectNode mapped) {
        for (String name : parameters) {
            JsonNode v = mapped.get(name);
            if (v == null || v.isNull()) {
                throw new CalloutFailure(CalloutOutcome.BAD_REQUEST, name + ": expected a value (the query's parameter :" + name
                        + "), got nothing from the request mapping", name);
            }
            if (v.isContainerNode()) {
                throw new CalloutFailure(CalloutOutcome.BAD_REQUEST, name + ": expected a single value for the query's parameter :"
                        + name + ", got " + (v.isArray() ? "an array" : "an object"), name);
            }
        }
    }

    @Override
    protected Answer invoke(ObjectNode mapped) {
        MapSqlParameterSource values = new MapSqlParameterSource();
        for (String name : parameters) {
            JsonNode v = mapped.get(name);
            values.addValue(name, v.isNumber() ? v.numberValue() : v.isBoolean() ? (Object) v.booleanValue() : v.asText());
        }
        String where = department + "/" + name();
        List<Map<String, Object>> rows;
        try {
            rows = jdbc.queryForList(query, values);
        } catch (DataAccessResourceFailureException e) {
            throw new CalloutFailure(CalloutOutcome.UNAVAILABLE, where + ": cannot reach the department database: "
                    + excerpt(rootMessage(e)));
        } catch (QueryTimeoutException e) {
            throw new CalloutFailure(CalloutOutcome.TIMEOUT, where + ": the department database did not answer in time");
        } catch (DataAccessException e) {
            throw new CalloutFailure(CalloutOutcome.FAULT, where + ": the department database failed the query: "
                    + excerpt(rootMessage(e)));
        }
        ObjectNode answer = json.createObjectNode();
        ObjectNode bound = answer.putObject("parameters");
        parameters.forEach(name -> bound.set(name, mapped.get(name)));
        ArrayNode list = answer.putArray("rows");
        for (Map<String, Object> row : rows) {
            ObjectNode o = list.addObject();
            row.forEach((column, value) -> o.set(column.toUpperCase(Locale.ROOT), json.valueToTree(plain(value))));
        }
        return Answer.of(answer);
    }

    /** JDBC values as JSON-friendly Java values: times as ISO-8601 text, large text as strings. */
    private static Object plain(Object value) {
        if (value instanceof java.sql.Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof java.sql.Time t) {
            return t.toLocalTime().toString();
        }
        if (value instanceof java.time.temporal.TemporalAccessor t) {
            return t.toString();
        }
        if (value instanceof byte[] b) {
            return java.util.Base64.getEncoder().encodeToString(b);
        }
        if (value instanceof Clob c) {
            try {
                return c.getSubString(1, (int) Math.min(c.length(), 1_000_000));
            } catch (SQLException e) {
                throw new CalloutFailure(CalloutOutcome.FAULT, "a text value of the department's answer cannot be read: " + e.getMessage());
            }
        }
        return value;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        List<Throwable> seen = new ArrayList<>();
        while (t.getCause() != null && !seen.contains(t.getCause())) {
            seen.add(t);
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
