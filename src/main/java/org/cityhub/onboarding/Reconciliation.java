package org.cityhub.onboarding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.connector.ExchangeQueues;
import org.cityhub.connector.QueueDepths;
import org.cityhub.store.CaseStore;
import org.cityhub.store.MigrationStore;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Builds a migration's {@link ReconciliationReport}: the store side is read afresh from the cases of
 * the department (streamed, bounded memory) and compared in SQL with what the migration read.
 */
@Component
public class Reconciliation {

    private final MigrationStore migrations;
    private final ConnectorRegistry registry;
    private final CaseStore cases;
    private final QueueDepths queues;
    private final OnboardingProperties props;
    private final ObjectMapper json;
    private final Clock clock;

    public Reconciliation(MigrationStore migrations, ConnectorRegistry registry, CaseStore cases, QueueDepths queues, OnboardingProperties props,
                          ObjectMapper json, Clock clock) {
        this.migrations = migrations;
        this.registry = registry;
        this.cases = cases;
        this.queues = queues;
        this.props = props;
        this.json = json;
        this.clock = clock;
    }

    /** Legacy records added or changed after the reading; 0 when the legacy system cannot tell (or is gone). */
    private long changedSince(String department, MigrationStore.Run run) {
        var snapshot = registry.snapshotSource(department);
        if (snapshot.isEmpty()) {
            return 0;
        }
        try {
            return snapshot.get().reader().countChangedAfter(run.lastKey(), run.maxWatermark());
        } catch (Exception e) {
            return 0;
        }
    }

    /** What a report counts, cheaply read: when none of it moved, a report made from it is still true. */
    private record Fingerprint(MigrationStore.Run run, long lastChange, Long pending) {
    }

    private record Kept(Fingerprint fingerprint, java.time.Instant at, ReconciliationReport report) {
    }

    private final java.util.Map<String, Kept> kept = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The report for a page that refreshes itself: the last one made, while the migration, the department's
     * latest case change and its inbound queue are as they were and it is younger than
     * {@code cityhub.onboarding.report-reuse}; otherwise made anew. A large migration's report streams every
     * case of the department, so a console left open would otherwise do that at every refresh.
     */
    public java.util.Optional<ReconciliationReport> recent(String department) {
        MigrationStore.Run run = migrations.find(department).orElse(null);
        if (run == null) {
            return java.util.Optional.empty();
        }
        OptionalLong pending = queues.depth(ExchangeQueues.inbound(department));
        Fingerprint now = new Fingerprint(run, cases.lastChangeOf(department), pending.isPresent() ? pending.getAsLong() : null);
        Kept last = kept.get(department);
        if (last != null && last.fingerprint().equals(now) && last.at().plus(props.reportReuse()).isAfter(clock.instant())) {
            return java.util.Optional.of(last.report());
        }
        return report(department);
    }

    /** The report as of now; empty when the department has never been migrated. */
    public java.util.Optional<ReconciliationReport> report(String department) {
        MigrationStore.Run run = migrations.find(department).orElse(null);
        if (run == null) {
            return java.util.Optional.empty();
        }
        // read before the report so that a change while it is made invalidates it rather than hides in it
        long lastChange = cases.lastChangeOf(department);
        migrations.refreshStoreSide(department, sink -> cases.eachCaseOf(department, (caseNo, content) -> {
            try {
                KeyFields k = KeyFields.of(json.readTree(content));
                sink.add(caseNo, k.month(), k.status(), k.hash());
            } catch (IOException e) {
                throw new UncheckedIOException("case " + caseNo + " of " + department + " is not readable JSON", e);
            }
        }));
        List<MigrationStore.Bucket> byMonth = migrations.buckets(department, "month");
        List<MigrationStore.Bucket> byStatus = migrations.buckets(department, "status");
        long legacyCases = byMonth.stream().mapToLong(MigrationStore.Bucket::legacy).sum();
        long storeCases = byMonth.stream().mapToLong(MigrationStore.Bucket::store).sum();
        String legacySum = migrations.checksum(department, true);
        String storeSum = migrations.checksum(department, false);
        // Equal SHA-256 sums over every (case number, key-field hash), in case-number order, mean both sides hold the
        // same cases with the same key fields: the joins that look for differing cases would find none. They cost
        // seconds per million cases (BENCHMARKS.md, migration), so they run only when the sums differ.
        boolean sameSums = legacySum.equals(storeSum);
        long mismatchCount = sameSums ? 0 : migrations.mismatchCount(department);
        List<MigrationStore.Mismatch> mismatches = mismatchCount == 0 ? List.of() : migrations.mismatches(department, props.mismatchLimit());
        List<ReconciliationReport.Rejected> rejected = migrations.rejects(department).stream()
                .map(r -> new ReconciliationReport.Rejected(r.legacyKey(), r.reason())).toList();
        OptionalLong pending = queues.depth(ExchangeQueues.inbound(department));
        Fingerprint fingerprint = new Fingerprint(run, lastChange, pending.isPresent() ? pending.getAsLong() : null);

        List<ReconciliationReport.Difference> differences = new ArrayList<>();
        if (!MigrationStore.COMPLETED.equals(run.state())) {
            differences.add(new ReconciliationReport.Difference("MIGRATION", "the migration is " + run.state()
                    + (run.lastError() == null ? "" : " (" + run.lastError() + ")") + ": it has not read every page yet"));
        } else if (run.legacyRows() != null && run.legacyRows() != run.rowsRead()) {
            differences.add(new ReconciliationReport.Difference("ROWS", "the migration read " + run.rowsRead()
                    + " rows but the legacy table holds " + run.legacyRows() + " now: it changed during the migration; start it again"));
        }
        if (MigrationStore.COMPLETED.equals(run.state())) {
            long changed = changedSince(department, run);
            if (changed > 0) {
                differences.add(new ReconciliationReport.Difference("LEGACY_CHANGED", changed + " legacy record(s) were added or"
                        + " changed after the migration read them: start the migration again"));
            }
        }
        if (pending.isPresent() && pending.getAsLong() > 0) {
            differences.add(new ReconciliationReport.Difference("PENDING", pending.getAsLong() + " message(s) still wait on "
                    + ExchangeQueues.inbound(department) + ": ask again once they are stored"));
        }
        for (MigrationStore.Bucket b : byMonth) {
            if (b.legacy() != b.store()) {
                differences.add(new ReconciliationReport.Difference("MONTH", "month " + b.key() + ": " + b.legacy()
                        + " legacy cases, " + b.store() + " in the store"));
            }
        }
        for (MigrationStore.Bucket b : byStatus) {
            if (b.legacy() != b.store()) {
                differences.add(new ReconciliationReport.Difference("STATUS", "status " + b.key() + ": " + b.legacy()
                        + " legacy cases, " + b.store() + " in the store"));
            }
        }
        if (mismatchCount > 0) {
            differences.add(new ReconciliationReport.Difference("CASES", mismatchCount + " case(s) differ in their key fields"
                    + " or exist on one side only (see mismatches)"));
        }
        if (!legacySum.equals(storeSum) && mismatchCount == 0) {
            differences.add(new ReconciliationReport.Difference("CHECKSUM", "the checksums differ"));
        }
        if (!rejected.isEmpty()) {
            differences.add(new ReconciliationReport.Difference("REJECTED", rejected.size() + " legacy record(s) could not be"
                    + " mapped (see rejected); fix them and migrate again, or accept them explicitly when verifying"));
        }
        ReconciliationReport.Migration m = new ReconciliationReport.Migration(run.state(), run.connector(), run.startedAt(),
                run.finishedAt(), run.rowsRead(), run.legacyRows(), run.rowsStored(), run.rowsRejected(), run.pages(), run.lastKey(),
                run.lastError());
        ReconciliationReport report = new ReconciliationReport(department, OffsetDateTime.now(clock), differences.isEmpty(),
                differences, m, new ReconciliationReport.Totals(legacyCases, storeCases), byMonth, byStatus,
                new ReconciliationReport.Checksums(legacySum, storeSum, sameSums), mismatchCount, mismatches,
                rejected, pending.isPresent() ? pending.getAsLong() : null);
        kept.put(department, new Kept(fingerprint, clock.instant(), report));
        return java.util.Optional.of(report);
    }
}
