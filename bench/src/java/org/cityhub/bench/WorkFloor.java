package org.cityhub.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.cityhub.caseflow.CaseDocument;
import org.cityhub.caseflow.SupervisionCode;
import org.cityhub.connector.JdbcPollSource;
import org.cityhub.mapping.CaseMapping;
import org.cityhub.support.ThrowAwayDatabase;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zaxxer.hikari.HikariDataSource;

import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;

/**
 * The ingest's work floor: the least work the ingest must do for each record, done by plain code in this process, so
 * that the hub's end-to-end rate can be read against what this machine allows for that work at all, in the same
 * round. For each legacy row: read it from the department's database and write it as JSON; archive it (one row with
 * its payload and SHA-256, unique by content, as the hub's archive); queue it durably on an embedded, persistent Artemis
 * broker (one transaction per page of 500, a message group per case, as the hub's); then, on as many consumers as the
 * hub's with batches as large, map it with the department's JSONata mapping and validate it against the case standard
 * (the hub's own {@link CaseMapping}), and store the case's current row and its first version (history), each with its
 * content and hash, in one store transaction per batch.
 *
 * <p>Left out, because they are what the hub adds beyond the least work: the duplicate and resume look-ups, the
 * watermark and the queued marks, the feed's commit-ordered sequence, the electronic supervision's light of each case,
 * the metrics, Camel and Spring. Its tables carry the keys the work needs (the case's unique keys, the version's
 * foreign keys), not the hub's indexes for the feed's filters. It stores new cases only: the seeded rows are one per
 * case.
 */
record WorkFloor(HikariDataSource legacyDs, ThrowAwayDatabase store, CaseMapping mapping, int consumers, int batchSize) {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    private static final String QUEUE = "floor.inbound.land";
    private static final int PAGE = 500;

    /** The floor's rate and what it cost: rows stored per second, and the CPU of the whole machine meanwhile. */
    record Result(long rows, double seconds, MachineCpu.Snapshot cpu) {
        double perSecond() {
            return rows / seconds;
        }
    }

    /** Runs the floor over the seeded rows with a fresh persistent broker journal in {@code brokerDir}. */
    Result run(Path brokerDir, String region) throws Exception {
        createTables();
        EmbeddedActiveMQ broker = startBroker(brokerDir);
        ExecutorService pool = Executors.newFixedThreadPool(consumers + 1);
        try (ActiveMQConnectionFactory cf = new ActiveMQConnectionFactory("vm://71");
             jakarta.jms.Connection jms = cf.createConnection()) {
            jms.start();
            AtomicLong read = new AtomicLong();
            AtomicLong stored = new AtomicLong();
            AtomicBoolean readDone = new AtomicBoolean();
            MachineCpu.Snapshot before = MachineCpu.now(ProcessHandle.current().pid());
            long t0 = System.nanoTime();
            List<Future<?>> work = new ArrayList<>();
            work.add(pool.submit(() -> {
                try {
                    read(jms, read);
                } finally {
                    readDone.set(true);
                }
                return null;
            }));
            for (int i = 0; i < consumers; i++) {
                work.add(pool.submit(() -> {
                    consume(jms, region, stored, read, readDone);
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get(30, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            MachineCpu.Snapshot cpu = MachineCpu.now(ProcessHandle.current().pid()).since(before);
            if (stored.get() != read.get()) {
                throw new IllegalStateException("work floor: read " + read.get() + " rows, stored " + stored.get());
            }
            return new Result(stored.get(), seconds, cpu);
        } finally {
            pool.shutdownNow();
            broker.stop();
        }
    }

    private void createTables() throws SQLException {
        try (Connection pg = store.connect(); Statement st = pg.createStatement()) {
            st.execute("create schema if not exists bench");
            st.execute("create table bench.wf_raw (id bigint primary key, department varchar(32) not null,"
                    + " connector varchar(64) not null, record_key varchar(200), received_at timestamp with time zone not null,"
                    + " content_type varchar(100) not null, payload bytea not null, sha256 varchar(64) not null,"
                    + " unique (department, connector, sha256))");
            st.execute("create sequence bench.wf_raw_id");
            st.execute("create table bench.wf_case (id bigint primary key, supervision_code varchar(25) not null unique,"
                    + " department varchar(32) not null, department_case_no varchar(50) not null, status varchar(32) not null,"
                    + " version integer not null, content_hash varchar(64) not null, updated_at timestamp with time zone not null,"
                    + " content text not null, unique (department, department_case_no))");
            st.execute("create sequence bench.wf_case_id");
            st.execute("create table bench.wf_version (seq bigserial primary key, case_id bigint not null references bench.wf_case (id),"
                    + " version integer not null, raw_id bigint not null references bench.wf_raw (id), status varchar(32) not null,"
                    + " content_hash varchar(64) not null, recorded_at timestamp with time zone not null, content text not null,"
                    + " unique (case_id, version))");
        }
    }

    private static EmbeddedActiveMQ startBroker(Path dir) throws Exception {
        ConfigurationImpl c = new ConfigurationImpl();
        c.setPersistenceEnabled(true);
        c.setSecurityEnabled(false);
        c.setJournalDirectory(dir.resolve("journal").toString());
        c.setBindingsDirectory(dir.resolve("bindings").toString());
        c.setLargeMessagesDirectory(dir.resolve("large-messages").toString());
        c.setPagingDirectory(dir.resolve("paging").toString());
        c.addAcceptorConfiguration("in-vm", "vm://71");
        c.addAddressSetting("floor.#", new AddressSettings().setDefaultGroupBuckets(64));
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ();
        broker.setConfiguration(c);
        broker.start();
        return broker;
    }

    /** The poll stage: the seeded rows in pages of 500, each page archived in one transaction, then queued in one. */
    private void read(jakarta.jms.Connection jms, AtomicLong read) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Connection legacy = legacyDs.getConnection(); Connection pg = pg();
             Session session = jms.createSession(true, Session.SESSION_TRANSACTED)) {
            legacy.setAutoCommit(false);
            pg.setAutoCommit(false);
            Queue queue = session.createQueue(QUEUE);
            MessageProducer producer = session.createProducer(queue);
            try (PreparedStatement select = legacy.prepareStatement("select * from BENCH_SEED",
                    ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
                 PreparedStatement ids = pg.prepareStatement("select nextval('bench.wf_raw_id') from generate_series(1, ?)");
                 PreparedStatement archive = pg.prepareStatement("insert into bench.wf_raw (id, department, connector, record_key,"
                         + " received_at, content_type, payload, sha256) values (?,?,?,?,?,?,?,?)")) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<byte[]> payloads = new ArrayList<>(PAGE);
                    List<String> keys = new ArrayList<>(PAGE);
                    boolean more = true;
                    while (more) {
                        payloads.clear();
                        keys.clear();
                        while (payloads.size() < PAGE && (more = rs.next())) {
                            Map<String, Object> row = new LinkedHashMap<>();
                            for (int i = 1; i <= md.getColumnCount(); i++) {
                                row.put(md.getColumnLabel(i).toUpperCase(Locale.ROOT), JdbcPollSource.jsonValue(rs.getObject(i)));
                            }
                            payloads.add(JSON.writeValueAsBytes(row));
                            keys.add(String.valueOf(row.get("ROW_GUID")));
                        }
                        if (payloads.isEmpty()) {
                            break;
                        }
                        long[] rawIds = nextIds(ids, payloads.size());
                        OffsetDateTime now = OffsetDateTime.now();
                        for (int i = 0; i < payloads.size(); i++) {
                            archive.setLong(1, rawIds[i]);
                            archive.setString(2, "land");
                            archive.setString(3, "cases");
                            archive.setString(4, keys.get(i));
                            archive.setObject(5, now);
                            archive.setString(6, "application/json");
                            archive.setBytes(7, payloads.get(i));
                            archive.setString(8, HexFormat.of().formatHex(sha.digest(payloads.get(i))));
                            archive.addBatch();
                        }
                        archive.executeBatch();
                        pg.commit();
                        for (int i = 0; i < payloads.size(); i++) {
                            TextMessage m = session.createTextMessage(new String(payloads.get(i), StandardCharsets.UTF_8));
                            m.setLongProperty("rawId", rawIds[i]);
                            m.setStringProperty("JMSXGroupID", keys.get(i));
                            producer.send(m);
                        }
                        session.commit();
                        read.addAndGet(payloads.size());
                    }
                }
            }
        }
    }

    /** The mapping and store stage: batches taken in one broker transaction each, stored in one store transaction. */
    private void consume(jakarta.jms.Connection jms, String region, AtomicLong stored, AtomicLong read, AtomicBoolean readDone)
            throws Exception {
        try (Connection pg = pg(); Session session = jms.createSession(true, Session.SESSION_TRANSACTED);
             MessageConsumer consumer = session.createConsumer(session.createQueue(QUEUE));
             PreparedStatement ids = pg.prepareStatement("select nextval('bench.wf_case_id') from generate_series(1, ?)");
             PreparedStatement cases = pg.prepareStatement("insert into bench.wf_case (id, supervision_code, department,"
                     + " department_case_no, status, version, content_hash, updated_at, content) values (?,?,?,?,?,?,?,?,convert_from(?, 'UTF8'))");
             PreparedStatement versions = pg.prepareStatement("insert into bench.wf_version (case_id, version, raw_id, status,"
                     + " content_hash, recorded_at, content) values (?,?,?,?,?,?,convert_from(?, 'UTF8'))")) {
            pg.setAutoCommit(false);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            List<Message> batch = new ArrayList<>(batchSize);
            while (!(readDone.get() && stored.get() >= read.get())) {
                batch.clear();
                Message first = consumer.receive(200);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                Message next;
                while (batch.size() < batchSize && (next = consumer.receive(20)) != null) {
                    batch.add(next);
                }
                long[] caseIds = nextIds(ids, batch.size());
                OffsetDateTime now = OffsetDateTime.now();
                for (int i = 0; i < batch.size(); i++) {
                    TextMessage m = (TextMessage) batch.get(i);
                    ObjectNode mapped = mapping.mapParsed(JSON.readValue(m.getText(), Object.class));
                    CaseDocument doc = new CaseDocument(mapped);
                    String code = SupervisionCode.derive(region, today, "land", doc.departmentCaseNo(), 0).value();
                    ObjectNode content = JSON.createObjectNode();
                    content.put("supervisionCode", code);
                    content.put("department", "land");
                    content.put("version", 1);
                    content.setAll(mapped);
                    byte[] bytes = JSON.writeValueAsBytes(content);
                    String hash = HexFormat.of().formatHex(sha.digest(bytes));
                    cases.setLong(1, caseIds[i]);
                    cases.setString(2, code);
                    cases.setString(3, "land");
                    cases.setString(4, doc.departmentCaseNo());
                    cases.setString(5, doc.status().name());
                    cases.setInt(6, 1);
                    cases.setString(7, hash);
                    cases.setObject(8, now);
                    cases.setBytes(9, bytes);
                    cases.addBatch();
                    versions.setLong(1, caseIds[i]);
                    versions.setInt(2, 1);
                    versions.setLong(3, m.getLongProperty("rawId"));
                    versions.setString(4, doc.status().name());
                    versions.setString(5, hash);
                    versions.setObject(6, now);
                    versions.setBytes(7, bytes);
                    versions.addBatch();
                }
                cases.executeBatch();
                versions.executeBatch();
                pg.commit();
                session.commit();
                stored.addAndGet(batch.size());
            }
        } catch (JMSException | SQLException e) {
            throw new IllegalStateException("work floor consumer: " + e.getMessage(), e);
        }
    }

    /** A store connection as the hub's pool opens them: JDBC batches of inserts sent as multi-row inserts. */
    private Connection pg() throws SQLException {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", store.user());
        p.setProperty("password", "");
        p.setProperty("reWriteBatchedInserts", "true");
        return java.sql.DriverManager.getConnection(store.url(), p);
    }

    private static long[] nextIds(PreparedStatement ids, int n) throws SQLException {
        long[] out = new long[n];
        ids.setInt(1, n);
        try (ResultSet rs = ids.executeQuery()) {
            for (int i = 0; i < n && rs.next(); i++) {
                out[i] = rs.getLong(1);
            }
        }
        return out;
    }
}
