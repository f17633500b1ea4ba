package org.cityhub.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.cityhub.caseflow.CaseDocument;
import org.cityhub.caseflow.CaseStatus;
import org.cityhub.caseflow.ForeignSupervisionCodeException;
import org.cityhub.caseflow.IllegalTransitionException;
import org.cityhub.caseflow.ParallelApproval;
import org.cityhub.caseflow.SupervisionCode;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cases and their change log.
 *
 * <p>The change feed must let a client that pages with {@code after=seq} see every change exactly once.
 * A plain database sequence would not: numbers are handed out in one order and transactions commit in
 * another, so a reader could pass seq 11 (committed) while seq 10 is still in flight and never see 10.
 * Here a writer takes the row lock on {@code feed_head} as its last step and holds it until commit, so
 * sequence numbers are handed out in commit order on every node sharing the database.
 */
@Component
public class CaseStore {

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    private static final int MAX_CODE_SALT = 8;

    private final JdbcTemplate jdbc;
    private final StoreVendor vendor;
    private final DepartmentKeys keys;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final ContentHash contentHash;
    private final ObjectWriter utf8;
    private final Clock clock;

    public CaseStore(JdbcTemplate jdbc, TransactionTemplate tx, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.vendor = new StoreVendor(jdbc);
        this.keys = new DepartmentKeys(jdbc, vendor);
        this.tx = tx;
        this.json = json;
        this.contentHash = new ContentHash(json);
        // the same text as writeValueAsString gives, in UTF-8: a character beyond U+FFFF as its four bytes, not an escaped pair
        this.utf8 = json.writer().with(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8);
        this.clock = clock;
    }

    /**
     * Stores a batch of cases in one transaction: new cases get a supervision code and version 1,
     * changed ones one new version, unchanged or stale ones nothing.
     *
     * @throws IllegalTransitionException when a case would leave a closed state; nothing of the batch is stored
     */
    public List<StoreOutcome> apply(List<IncomingCase> batch) {
        DuplicateKeyException last = null;
        // Two nodes or consumers may create the same new case at once; the loser retries and finds it.
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return tx.execute(status -> applyInTransaction(batch));
            } catch (DuplicateKeyException e) {
                last = e;
            }
        }
        throw last;
    }

    private List<StoreOutcome> applyInTransaction(List<IncomingCase> batch) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (batch.size() > 1) {
            List<StoreOutcome> done = applyAsBatch(batch, now);
            if (done != null) {
                return done;
            }
        }
        List<StoreOutcome> outcomes = new ArrayList<>(batch.size());
        List<PendingVersion> pending = new ArrayList<>();
        for (IncomingCase in : batch) {
            CaseDocument doc = new CaseDocument(in.mapped());
            String linked = linkedCase(in, doc);
            if (linked != null) {
                outcomes.add(applyProgress(linked, in, doc, now, pending));
                continue;
            }
            String hash = contentHash.of(in.mapped());
            Optional<StoredCase> current = findByDepartmentCase(in.department(), doc.departmentCaseNo(), true);
            if (current.isEmpty()) {
                String code = newSupervisionCode(in, now);
                ObjectNode content = withHubFields(in, doc, code, 1);
                long id = insertCase(in, doc, code, hash, content, now);
                pending.add(new PendingVersion(id, 1, code, in, doc, hash, content));
                outcomes.add(new StoreOutcome(code, 1, StoreOutcome.Effect.CREATED));
                continue;
            }
            StoredCase c = current.get();
            if (c.contentHash().equals(hash)) {
                outcomes.add(new StoreOutcome(c.supervisionCode(), c.version(), StoreOutcome.Effect.UNCHANGED));
                continue;
            }
            OffsetDateTime incomingAt = doc.updatedAt();
            if (incomingAt != null && c.sourceUpdatedAt() != null && incomingAt.isBefore(c.sourceUpdatedAt())) {
                outcomes.add(new StoreOutcome(c.supervisionCode(), c.version(), StoreOutcome.Effect.STALE));
                continue;
            }
            CaseStatus from = CaseStatus.valueOf(c.status());
            if (!from.canMoveTo(doc.status())) {
                throw new IllegalTransitionException(doc.departmentCaseNo(), from, doc.status());
            }
            int version = c.version() + 1;
            ObjectNode content = withHubFields(in, doc, c.supervisionCode(), version);
            jdbc.update("update exchange_case set status = ?, version = ?, content_hash = ?, source_updated_at = ?,"
                            + " updated_at = ?, content = " + contentMark() + " where id = ?",
                    doc.status().name(), version, hash, incomingAt, now, write(content), c.id());
            pending.add(new PendingVersion(c.id(), version, c.supervisionCode(), in, doc, hash, content));
            outcomes.add(new StoreOutcome(c.supervisionCode(), version, StoreOutcome.Effect.UPDATED));
        }
        if (!pending.isEmpty()) {
            appendToLog(pending, now);
        }
        return outcomes;
    }

    /**
     * The common batch (issue 7): cases of one department, each once, none linked to a fused case. Stored
     * with a fixed number of statements per batch instead of several per case: the batch's current rows are
     * read (and locked) at once, new cases inserted and changed ones updated in JDBC batches, then the versions
     * appended. The outcome is the same as storing the cases one after the other. Returns null, having written
     * nothing, for any other batch (or a supervision code collision): the case-by-case path handles it.
     */
    private List<StoreOutcome> applyAsBatch(List<IncomingCase> batch, OffsetDateTime now) {
        String department = batch.get(0).department();
        List<CaseDocument> docs = new ArrayList<>(batch.size());
        Map<String, Integer> caseNos = new HashMap<>();
        for (IncomingCase in : batch) {
            CaseDocument doc = new CaseDocument(in.mapped());
            if (!in.department().equals(department) || in.mapped().has("supervisionCode")
                    || caseNos.putIfAbsent(doc.departmentCaseNo(), docs.size()) != null) {
                return null;
            }
            docs.add(doc);
        }
        java.util.Set<String> linked = new java.util.HashSet<>();
        keys.query("t.department_case_no", "case_dispatch", "department_case_no", department, caseNos.keySet(), false,
                rs -> {
                    linked.add(rs.getString(1));
                });
        if (!linked.isEmpty()) {
            return null;
        }
        Map<String, StoredCase> current = new HashMap<>();
        keys.query("t.*", "exchange_case", "department_case_no", department, caseNos.keySet(), true, rs -> {
            StoredCase c = mapCase(rs, 0);
            current.put(c.departmentCaseNo(), c);
        });

        StoreOutcome[] outcomes = new StoreOutcome[batch.size()];
        ObjectNode[] contents = new ObjectNode[batch.size()];
        Object[] written = new Object[batch.size()];
        String[] hashes = new String[batch.size()];
        List<Integer> created = new ArrayList<>();
        List<Integer> updated = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            IncomingCase in = batch.get(i);
            CaseDocument doc = docs.get(i);
            hashes[i] = contentHash.of(in.mapped());
            StoredCase c = current.get(doc.departmentCaseNo());
            if (c == null) {
                String code = SupervisionCode.derive(in.region(), now.atZoneSameInstant(CHINA).toLocalDate(),
                        in.department(), doc.departmentCaseNo(), 0).value();
                contents[i] = withHubFields(in, doc, code, 1);
                outcomes[i] = new StoreOutcome(code, 1, StoreOutcome.Effect.CREATED);
                created.add(i);
                continue;
            }
            if (c.contentHash().equals(hashes[i])) {
                outcomes[i] = new StoreOutcome(c.supervisionCode(), c.version(), StoreOutcome.Effect.UNCHANGED);
                continue;
            }
            OffsetDateTime incomingAt = doc.updatedAt();
            if (incomingAt != null && c.sourceUpdatedAt() != null && incomingAt.isBefore(c.sourceUpdatedAt())) {
                outcomes[i] = new StoreOutcome(c.supervisionCode(), c.version(), StoreOutcome.Effect.STALE);
                continue;
            }
            CaseStatus from = CaseStatus.valueOf(c.status());
            if (!from.canMoveTo(doc.status())) {
                throw new IllegalTransitionException(doc.departmentCaseNo(), from, doc.status());
            }
            contents[i] = withHubFields(in, doc, c.supervisionCode(), c.version() + 1);
            outcomes[i] = new StoreOutcome(c.supervisionCode(), c.version() + 1, StoreOutcome.Effect.UPDATED);
            updated.add(i);
        }
        Map<String, Long> ids = new HashMap<>();
        if (!created.isEmpty()) {
            java.util.Set<String> codes = new java.util.HashSet<>();
            for (int i : created) {
                codes.add(outcomes[i].supervisionCode());
            }
            Integer taken = jdbc.queryForObject("select count(*) from exchange_case where supervision_code in ("
                    + String.join(",", java.util.Collections.nCopies(codes.size(), "?")) + ")", Integer.class, codes.toArray());
            if (taken > 0 || codes.size() < created.size()) {
                return null; // a collision: the case-by-case path salts the code
            }
            List<Object[]> rows = new ArrayList<>(created.size());
            for (int i : created) {
                CaseDocument doc = docs.get(i);
                written[i] = write(contents[i]);
                rows.add(new Object[] {outcomes[i].supervisionCode(), department, doc.departmentCaseNo(), doc.status().name(), 1,
                        hashes[i], doc.updatedAt(), now, now, written[i]});
            }
            jdbc.batchUpdate("insert into exchange_case (supervision_code, department, department_case_no, status, version,"
                    + " content_hash, source_updated_at, first_seen_at, updated_at, content) values (?,?,?,?,?,?,?,?,?," + contentMark() + ")",
                    rows);
            List<String> createdNos = new ArrayList<>(created.size());
            for (int i : created) {
                createdNos.add(docs.get(i).departmentCaseNo());
            }
            keys.query("t.id, t.department_case_no", "exchange_case", "department_case_no", department, createdNos, false, rs -> {
                ids.put(rs.getString(2), rs.getLong(1));
            });
        }
        if (!updated.isEmpty()) {
            List<Object[]> rows = new ArrayList<>(updated.size());
            for (int i : updated) {
                CaseDocument doc = docs.get(i);
                written[i] = write(contents[i]);
                rows.add(new Object[] {doc.status().name(), outcomes[i].version(), hashes[i], doc.updatedAt(), now,
                        written[i], current.get(doc.departmentCaseNo()).id()});
            }
            jdbc.batchUpdate("update exchange_case set status = ?, version = ?, content_hash = ?, source_updated_at = ?,"
                    + " updated_at = ?, content = " + contentMark() + " where id = ?", rows);
        }
        List<PendingVersion> pending = new ArrayList<>(created.size() + updated.size());
        for (int i = 0; i < batch.size(); i++) {
            if (contents[i] == null) {
                continue;
            }
            CaseDocument doc = docs.get(i);
            StoredCase c = current.get(doc.departmentCaseNo());
            long id = c == null ? ids.get(doc.departmentCaseNo()) : c.id();
            pending.add(new PendingVersion(id, outcomes[i].version(), outcomes[i].supervisionCode(), batch.get(i), doc,
                    hashes[i], contents[i], written[i]));
        }
        if (!pending.isEmpty()) {
            appendToLog(pending, now);
        }
        return List.of(outcomes);
    }

    /**
     * The fused case a department's record belongs to, or null for a case of the department's own: the
     * record names the supervision code of a case dispatched to the department (its mapping sets
     * {@code supervisionCode} when the department's system keeps the platform's code), or its case number
     * is the one the department acknowledged when the case was dispatched to it.
     *
     * @throws ForeignSupervisionCodeException when the record names a code that is neither
     */
    private String linkedCase(IncomingCase in, CaseDocument doc) {
        com.fasterxml.jackson.databind.JsonNode given = in.mapped().get("supervisionCode");
        if (given != null && given.isTextual()) {
            String code = given.asText();
            Integer sent = jdbc.queryForObject("select count(*) from case_dispatch where supervision_code = ? and department = ?",
                    Integer.class, code, in.department());
            if (sent > 0) {
                return code;
            }
            Optional<StoredCase> own = findByCode(code);
            if (own.isPresent() && own.get().department().equals(in.department())
                    && own.get().departmentCaseNo().equals(doc.departmentCaseNo())) {
                return null;
            }
            throw new ForeignSupervisionCodeException(in.department(), doc.departmentCaseNo(), code);
        }
        List<String> codes = jdbc.queryForList("select supervision_code from case_dispatch where department = ?"
                + " and department_case_no = ? order by updated_at desc", String.class, in.department(), doc.departmentCaseNo());
        return codes.isEmpty() ? null : codes.get(0);
    }

    /**
     * One department's progress on a fused case: kept as the department's latest (unchanged or stale
     * progress writes nothing), then the case is rebuilt from its intake and every department's
     * progress; a new version only when that changes it.
     */
    private StoreOutcome applyProgress(String code, IncomingCase in, CaseDocument doc, OffsetDateTime now,
                                       List<PendingVersion> pending) {
        StoredCase c = jdbc.query("select * from exchange_case where supervision_code = ? for update", CASE_ROW, code)
                .stream().findFirst().orElseThrow(() -> new IllegalStateException("dispatched case " + code + " is not stored"));
        ObjectNode own = in.mapped().deepCopy();
        own.remove("supervisionCode");
        String hash = contentHash.of(own);
        List<DepartmentProgress> before = progress(code);
        Optional<DepartmentProgress> prev = before.stream().filter(p -> p.department().equals(in.department())).findFirst();
        OffsetDateTime incomingAt = doc.updatedAt();
        if (prev.isPresent()) {
            DepartmentProgress p = prev.get();
            if (p.contentHash().equals(hash)) {
                return new StoreOutcome(code, c.version(), StoreOutcome.Effect.UNCHANGED);
            }
            if (incomingAt != null && p.updatedAt() != null && incomingAt.isBefore(p.updatedAt())) {
                return new StoreOutcome(code, c.version(), StoreOutcome.Effect.STALE);
            }
            if (!p.status().canMoveTo(doc.status())) {
                throw new IllegalTransitionException(doc.departmentCaseNo(), p.status(), doc.status());
            }
            jdbc.update("update case_progress set department_case_no = ?, status = ?, content_hash = ?, source_updated_at = ?,"
                            + " raw_message_id = ?, connector = ?, updated_at = ?, content = " + contentMark()
                            + " where supervision_code = ? and department = ?",
                    doc.departmentCaseNo(), doc.status().name(), hash, incomingAt, in.rawMessageId(), in.connector(), now,
                    write(own), code, in.department());
        } else {
            jdbc.update("insert into case_progress (supervision_code, department, department_case_no, status, content_hash,"
                            + " source_updated_at, raw_message_id, connector, updated_at, content) values (?,?,?,?,?,?,?,?,?,"
                            + contentMark() + ")",
                    code, in.department(), doc.departmentCaseNo(), doc.status().name(), hash, incomingAt, in.rawMessageId(),
                    in.connector(), now, write(own));
        }
        ObjectNode intake = read(jdbc.queryForObject("select content from case_intake where supervision_code = ?", String.class, code));
        List<String> departments = jdbc.queryForList("select department from case_dispatch where supervision_code = ?"
                + " order by department", String.class, code);
        Map<String, ParallelApproval.Progress> byDepartment = new HashMap<>();
        for (DepartmentProgress p : before) {
            if (!p.department().equals(in.department())) {
                byDepartment.put(p.department(), new ParallelApproval.Progress(p.department(), p.status(), read(p.content())));
            }
        }
        byDepartment.put(in.department(), new ParallelApproval.Progress(in.department(), doc.status(), own));
        ObjectNode fused = ParallelApproval.compose(intake, departments, byDepartment, CaseStatus.valueOf(c.status()));
        String fusedHash = contentHash.of(fused);
        if (fusedHash.equals(c.contentHash())) {
            return new StoreOutcome(code, c.version(), StoreOutcome.Effect.UNCHANGED);
        }
        CaseDocument fusedDoc = new CaseDocument(fused);
        // the version is the platform case's; its source is the department's record, named <department>/<connector>
        IncomingCase asCase = new IncomingCase(c.department(), in.region(), in.department() + "/" + in.connector(),
                in.rawMessageId(), fused);
        int version = c.version() + 1;
        ObjectNode content = withHubFields(asCase, fusedDoc, code, version);
        jdbc.update("update exchange_case set status = ?, version = ?, content_hash = ?, source_updated_at = ?,"
                        + " updated_at = ? , content = " + contentMark() + " where id = ?",
                fusedDoc.status().name(), version, fusedHash, fusedDoc.updatedAt(), now, write(content), c.id());
        pending.add(new PendingVersion(c.id(), version, code, asCase, fusedDoc, fusedHash, content));
        return new StoreOutcome(code, version, StoreOutcome.Effect.UPDATED);
    }

    /**
     * One department's latest progress on a fused case.
     *
     * @param updatedAt the department's own change time of it, if its mapping gives one
     * @param content   the department's case as its mapping produced it
     */
    public record DepartmentProgress(String department, String departmentCaseNo, CaseStatus status, String contentHash,
                                     OffsetDateTime updatedAt, OffsetDateTime recordedAt, String content) {
    }

    /** Each department's latest progress on a fused case, by department code. */
    public List<DepartmentProgress> progress(String supervisionCode) {
        return jdbc.query("select department, department_case_no, status, content_hash, source_updated_at, updated_at, content"
                        + " from case_progress where supervision_code = ? order by department",
                (rs, i) -> new DepartmentProgress(rs.getString(1), rs.getString(2), CaseStatus.valueOf(rs.getString(3)),
                        rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getString(7)), supervisionCode);
    }

    private ObjectNode read(String content) {
        try {
            return (ObjectNode) json.readTree(content);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Takes the feed lock last, so that it is held only for the log insert and the commit. */
    private void appendToLog(List<PendingVersion> pending, OffsetDateTime now) {
        Long last = jdbc.queryForObject("select last_seq from feed_head where id = 1 for update", Long.class);
        jdbc.update("update feed_head set last_seq = ? where id = 1", last + pending.size());
        List<Object[]> rows = new ArrayList<>(pending.size());
        long seq = last;
        for (PendingVersion p : pending) {
            seq++;
            rows.add(new Object[] {seq, p.caseId, p.version, p.code, p.in.department(), p.doc.status().name(),
                    p.hash, p.in.rawMessageId(), p.in.connector(), now, p.written != null ? p.written : write(p.content)});
        }
        jdbc.batchUpdate("insert into case_version (seq, case_id, version, supervision_code, department, status,"
                + " content_hash, raw_message_id, connector, recorded_at, content) values (?,?,?,?,?,?,?,?,?,?," + contentMark() + ")",
                rows);
    }

    private long insertCase(IncomingCase in, CaseDocument doc, String code, String hash, ObjectNode content, OffsetDateTime now) {
        jdbc.update("insert into exchange_case (supervision_code, department, department_case_no, status, version,"
                        + " content_hash, source_updated_at, first_seen_at, updated_at, content) values (?,?,?,?,?,?,?,?,?,"
                        + contentMark() + ")",
                code, in.department(), doc.departmentCaseNo(), doc.status().name(), 1, hash, doc.updatedAt(), now, now,
                write(content));
        return jdbc.queryForObject("select id from exchange_case where department = ? and department_case_no = ?",
                Long.class, in.department(), doc.departmentCaseNo());
    }

    /**
     * Derived from the department case itself, so every node computes the same code without a central
     * counter; the salt only moves on in the astronomically rare event of a collision with another case.
     */
    private String newSupervisionCode(IncomingCase in, OffsetDateTime now) {
        for (int salt = 0; salt < MAX_CODE_SALT; salt++) {
            String code = SupervisionCode.derive(in.region(), now.atZoneSameInstant(CHINA).toLocalDate(),
                    in.department(), new CaseDocument(in.mapped()).departmentCaseNo(), salt).value();
            Integer taken = jdbc.queryForObject("select count(*) from exchange_case where supervision_code = ?",
                    Integer.class, code);
            if (taken == 0) {
                return code;
            }
        }
        throw new IllegalStateException("no free supervision code after " + MAX_CODE_SALT + " salts");
    }

    private ObjectNode withHubFields(IncomingCase in, CaseDocument doc, String code, int version) {
        ObjectNode content = json.createObjectNode();
        content.put("supervisionCode", code);
        content.put("department", in.department());
        content.put("version", version);
        content.setAll(doc.json());
        return content;
    }

    /**
     * A case's JSON as bound to a {@code content} parameter, which is written {@link #contentMark()}. On PostgreSQL it is
     * written straight to UTF-8 bytes and bound as {@code convert_from(?, 'UTF8')}: written as a string, a Chinese case's
     * JSON is UTF-16 text that the driver encodes to UTF-8 again for every statement it is bound in (the case row, then
     * its version), which was a quarter of the ingest threads' CPU (bench/NOTES.md). On H2 the text.
     */
    private Object write(ObjectNode node) {
        try {
            return vendor.postgres() ? utf8.writeValueAsBytes(node) : json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The placeholder of a {@code content} parameter bound as {@link #write(ObjectNode)} gives it. */
    private String contentMark() {
        return vendor.postgres() ? "convert_from(?, 'UTF8')" : "?";
    }

    /** Whether the store answers a trivial query now. */
    public boolean reachable() {
        try {
            jdbc.queryForObject("select 1", Integer.class);
            return true;
        } catch (org.springframework.dao.DataAccessException e) {
            return false;
        }
    }

    /** The current state of a case by its supervision code. */
    public Optional<StoredCase> findByCode(String supervisionCode) {
        return jdbc.query("select * from exchange_case where supervision_code = ?", CASE_ROW, supervisionCode)
                .stream().findFirst();
    }

    /** The current state of a case by its department's own number. */
    public Optional<StoredCase> findByDepartmentCase(String department, String departmentCaseNo) {
        return findByDepartmentCase(department, departmentCaseNo, false);
    }

    private Optional<StoredCase> findByDepartmentCase(String department, String caseNo, boolean forUpdate) {
        return jdbc.query("select * from exchange_case where department = ? and department_case_no = ?"
                        + (forUpdate ? " for update" : ""), CASE_ROW, department, caseNo)
                .stream().findFirst();
    }

    /** Every version of a case, oldest first, each with its source (and when that source's payload was purged). */
    public List<CaseVersion> history(long caseId) {
        return jdbc.query("select v.seq, v.version, v.status, v.recorded_at, v.connector, v.raw_message_id,"
                + " r.received_at, r.sha256, v.content, r.purged_at from case_version v"
                + " left join raw_message r on r.id = v.raw_message_id where v.case_id = ? order by v.version",
                (rs, i) -> new CaseVersion(rs.getLong(1), rs.getInt(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5), (Long) rs.getObject(6, Long.class),
                        rs.getObject(7, OffsetDateTime.class), rs.getString(8), rs.getString(9),
                        rs.getObject(10, OffsetDateTime.class)), caseId);
    }

    /** The current state of the cases with these supervision codes (unknown codes are left out). */
    public List<StoredCase> findByCodes(java.util.Collection<String> supervisionCodes) {
        if (supervisionCodes.isEmpty()) {
            return List.of();
        }
        String marks = String.join(",", java.util.Collections.nCopies(supervisionCodes.size(), "?"));
        return jdbc.query("select * from exchange_case where supervision_code in (" + marks + ")", CASE_ROW,
                supervisionCodes.toArray());
    }

    /**
     * Every version of each of these cases, oldest first, keyed by case id; without the raw message (for
     * readers that recompute from the history in bulk, such as supervision).
     */
    public Map<Long, List<CaseVersion>> histories(java.util.Collection<Long> caseIds) {
        Map<Long, List<CaseVersion>> out = new HashMap<>();
        if (caseIds.isEmpty()) {
            return out;
        }
        String marks = String.join(",", java.util.Collections.nCopies(caseIds.size(), "?"));
        jdbc.query("select case_id, seq, version, status, recorded_at, connector, raw_message_id, content from case_version"
                + " where case_id in (" + marks + ") order by case_id, version", rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(new CaseVersion(rs.getLong(2), rs.getInt(3),
                            rs.getString(4), rs.getObject(5, OffsetDateTime.class), rs.getString(6),
                            (Long) rs.getObject(7, Long.class), null, null, rs.getString(8)));
                }, caseIds.toArray());
        return out;
    }

    /**
     * Changes after {@code afterSeq}, in feed order.
     *
     * @param department only this department's changes, or null for all
     * @param status     only changes that left a case in this status, or null for all
     */
    public List<FeedEntry> feed(long afterSeq, int limit, String department, String status) {
        return feedOf(afterSeq, limit, department == null ? null : List.of(department), status);
    }

    /**
     * A case as the platform reads it: the case; the clock its persisted supervision light was computed from, when
     * that light is of this version or a later one (else null: the keeper has not caught up, or the clock was too long
     * to keep); and whether it was ever dispatched to a department (full fusion).
     */
    public record CaseReading(StoredCase stored, String lightClock, boolean dispatched) {
    }

    /**
     * One case by supervision code with its light's clock and whether it was dispatched, in one statement: the case
     * API's read, which would otherwise borrow a connection three times per request.
     */
    public Optional<CaseReading> reading(String supervisionCode) {
        return jdbc.query("select c.*, l.clock as light_clock,"
                        + " exists (select 1 from case_dispatch d where d.supervision_code = c.supervision_code) as dispatched"
                        + " from exchange_case c left join case_light l on l.supervision_code = c.supervision_code"
                        + " and l.case_version >= c.version and l.clock is not null"
                        + " where c.supervision_code = ?",
                (rs, i) -> new CaseReading(mapCase(rs, i), rs.getString("light_clock"), rs.getBoolean("dispatched")), supervisionCode)
                .stream().findFirst();
    }

    /** A change of the feed by its case only: the feed position and the case's supervision code. */
    public record Change(long seq, String supervisionCode) {
    }

    /**
     * The changes after {@code afterSeq}, in feed order, without their documents: for a reader that only needs to know
     * which cases changed (the supervision keeper), one narrow page instead of every version's JSON.
     */
    public List<Change> changesAfter(long afterSeq, int limit) {
        return jdbc.query("select seq, supervision_code from case_version where seq > ? order by seq limit ?",
                (rs, i) -> new Change(rs.getLong(1), rs.getString(2)), afterSeq, limit);
    }

    /**
     * Changes after {@code afterSeq} of the given departments (null: all), in feed order.
     */
    public List<FeedEntry> feedOf(long afterSeq, int limit, java.util.Collection<String> departments, String status) {
        StringBuilder sql = new StringBuilder("select seq, content from case_version where seq > ?");
        List<Object> args = new ArrayList<>();
        args.add(afterSeq);
        if (departments != null) {
            if (departments.isEmpty()) {
                return List.of();
            }
            sql.append(departments.size() == 1 ? " and department = ?"
                    : " and department in (" + String.join(",", departments.stream().map(d -> "?").toList()) + ")");
            args.addAll(departments);
        }
        if (status != null) {
            sql.append(" and status = ?");
            args.add(status);
        }
        sql.append(" order by seq limit ?");
        args.add(limit);
        return jdbc.query(sql.toString(), (rs, i) -> new FeedEntry(rs.getLong(1), rs.getString(2)), args.toArray());
    }

    /** The feed position of the department's latest case change (0 when it has none): moves with every stored change. */
    public long lastChangeOf(String department) {
        Long seq = jdbc.queryForObject("select max(seq) from case_version where department = ?", Long.class, department);
        return seq == null ? 0 : seq;
    }

    /** Number of cases stored, per department or in all. */
    public long countCases(String department) {
        return department == null
                ? jdbc.queryForObject("select count(*) from exchange_case", Long.class)
                : jdbc.queryForObject("select count(*) from exchange_case where department = ?", Long.class, department);
    }

    /**
     * Streams every current case of a department, ordered by its department case number, in bounded
     * memory: the store side of a migration's reconciliation.
     */
    public void eachCaseOf(String department, java.util.function.BiConsumer<String, String> caseNoAndContent) {
        jdbc.query(con -> {
            var ps = con.prepareStatement("select department_case_no, content from exchange_case where department = ?"
                    + " order by department_case_no");
            ps.setString(1, department);
            ps.setFetchSize(1000);
            return ps;
        }, rs -> {
            caseNoAndContent.accept(rs.getString(1), rs.getString(2));
        });
    }

    private static final RowMapper<StoredCase> CASE_ROW = CaseStore::mapCase;

    private static StoredCase mapCase(ResultSet rs, int row) throws SQLException {
        return new StoredCase(rs.getLong("id"), rs.getString("supervision_code"), rs.getString("department"),
                rs.getString("department_case_no"), rs.getString("status"), rs.getInt("version"),
                rs.getString("content_hash"), rs.getObject("source_updated_at", OffsetDateTime.class),
                rs.getString("content"));
    }

    /** A version to append; {@code written} is its content as stored (written once for the case row and the version). */
    private record PendingVersion(long caseId, int version, String code, IncomingCase in, CaseDocument doc,
                                  String hash, ObjectNode content, Object written) {

        PendingVersion(long caseId, int version, String code, IncomingCase in, CaseDocument doc, String hash, ObjectNode content) {
            this(caseId, version, code, in, doc, hash, content, null);
        }
    }
}
