package org.cityhub.onboarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.cityhub.caseflow.CaseDocument;
import org.cityhub.connector.ConnectorRegistry;
import org.cityhub.connector.RecordIntake;
import org.cityhub.connector.SnapshotSource;
import org.cityhub.mapping.CaseMapping;
import org.cityhub.mapping.MappingCatalog;
import org.cityhub.store.Alerts;
import org.cityhub.store.DepartmentStore;
import org.cityhub.store.MigrationStore;
import org.cityhub.store.CaseStore;
import org.cityhub.store.IncomingCase;
import org.cityhub.store.RawArchive;
import org.cityhub.store.Sha256;
import org.cityhub.store.StoreOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Runs retire-mode migrations: a department's whole history read once through its source connector
 * in key order, page by page. A page is archived raw, mapped with the source's mapping, stored in one
 * store transaction (a one-shot bulk import: the per-message ingest queue is for live traffic) and
 * recorded as the legacy side of the reconciliation ({@link MigrationStore}) with its checkpoint, the
 * last key of the page. A migration interrupted by a crash or a shutdown resumes after its last
 * checkpoint at the next start; a page read again is recognised by the raw archive and the store's
 * content hashes, and counted once.
 *
 * <p>It also watches retired departments: a legacy system that still writes after its retirement
 * raises an alert (its records are not read).
 */
@Component
public class Migrations implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    private final ConnectorRegistry registry;
    private final MappingCatalog mappings;
    private final RawArchive archive;
    private final CaseStore cases;
    private final MigrationStore store;
    private final DepartmentStore departments;
    private final Alerts alerts;
    private final OnboardingProperties props;
    private final ObjectMapper json;
    private final ExecutorService workers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "migration");
        t.setDaemon(true);
        return t;
    });
    private final ScheduledExecutorService watch = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retired-watch");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Future<?>> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;

    /** The lease (org.cityhub.cluster.SourceLeases) a node holds while it runs a department's migration. */
    static final String LEASE = "~migration";

    private final org.cityhub.cluster.SourceLeases leases;

    public Migrations(ConnectorRegistry registry, MappingCatalog mappings, RawArchive archive, CaseStore cases, MigrationStore store,
                      DepartmentStore departments, Alerts alerts, OnboardingProperties props, ObjectMapper json,
                      org.cityhub.cluster.SourceLeases leases) {
        this.leases = leases;
        this.registry = registry;
        this.mappings = mappings;
        this.archive = archive;
        this.cases = cases;
        this.store = store;
        this.departments = departments;
        this.alerts = alerts;
        this.props = props;
        this.json = json;
    }

    /**
     * Migrations that were running when the hub stopped resume; the retired watch starts. With several nodes,
     * the one holding a migration's lease runs it; the others check every {@code retired-check-period} and take a
     * migration over from its checkpoint when its node died (its lease ran out).
     */
    @EventListener(ApplicationReadyEvent.class)
    public void resumeInterrupted() {
        adoptInterrupted(true);
        long period = Math.max(1000, props.retiredCheckPeriod().toMillis());
        watch.scheduleWithFixedDelay(this::watchRetired, period, period, TimeUnit.MILLISECONDS);
        watch.scheduleWithFixedDelay(() -> adoptInterrupted(false), period, period, TimeUnit.MILLISECONDS);
    }

    private void adoptInterrupted(boolean atStart) {
        try {
            for (DepartmentStore.Department d : departments.all()) {
                if (Lifecycle.MIGRATING.name().equals(d.lifecycle()) && !isRunning(d.code())) {
                    store.find(d.code()).filter(r -> MigrationStore.RUNNING.equals(r.state())).ifPresent(r -> {
                        if (leases.claim(d.code(), LEASE)) {
                            log.info("migration of {} was interrupted{} after {} rows: resuming from key {}", d.code(),
                                    atStart ? "" : " (its node stopped)", r.rowsRead(), r.lastKey());
                            submit(d.code());
                        }
                    });
                }
            }
        } catch (RuntimeException e) {
            log.debug("looking for interrupted migrations: {}", e.toString());
        }
    }

    /** Starts a fresh reading of the department's whole history. */
    public void start(String department) {
        ConnectorRegistry.Snapshot snapshot = snapshotOf(department);
        cancel(department);
        store.start(department, snapshot.source().name());
        submit(department);
    }

    /** Continues a stopped or failed migration from its checkpoint. */
    public void resume(String department) {
        snapshotOf(department);
        if (isRunning(department)) {
            return;
        }
        store.resume(department);
        submit(department);
    }

    /** Whether a migration of the department reads pages in this hub right now. */
    public boolean isRunning(String department) {
        Future<?> f = running.get(department);
        return f != null && !f.isDone();
    }

    private ConnectorRegistry.Snapshot snapshotOf(String department) {
        return registry.snapshotSource(department).orElseThrow(() -> new ActionRefused("department " + department
                + " has no running source that can read its whole history (jdbc-poll): see its connector file"));
    }

    private void cancel(String department) {
        Future<?> f = running.remove(department);
        if (f != null) {
            f.cancel(true);
            try {
                f.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                // cancelled or finished: either way it no longer writes
            }
        }
    }

    private synchronized void submit(String department) {
        if (stopping || isRunning(department)) {
            return;
        }
        if (!leases.claim(department, LEASE)) {
            throw new ActionRefused("the migration of " + department + " runs on another hub node right now");
        }
        running.put(department, workers.submit(() -> run(department)));
    }

    private void run(String department) {
        try {
            migrate(department);
        } finally {
            leases.release(department, LEASE);
        }
    }

    private void migrate(String department) {
        try {
            ConnectorRegistry.Snapshot snapshot = snapshotOf(department);
            SnapshotSource reader = snapshot.reader();
            String connector = snapshot.source().name();
            CaseMapping mapping = mappings.get(snapshot.source().mapping());
            MigrationStore.Run run = store.find(department).orElseThrow(() -> new IllegalStateException("no migration run of " + department));
            String region = registry.department(department).orElseThrow().department().region();
            String after = run.lastKey();
            String maxWatermark = run.maxWatermark();
            long read = run.rowsRead();
            log.info("migration of {} through {}: reading {}", department, connector, after == null ? "from the start" : "after key " + after);
            // two stages: a read-ahead thread reads and maps the next page while this thread stores the current one,
            // so that the mapping's CPU overlaps the store's round trips. Pages are stored, and checkpointed, in order
            ExecutorService ahead = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "migration-read-ahead");
                t.setDaemon(true);
                return t;
            });
            try {
                final String first = after;
                Future<Prepared> next = ahead.submit(() -> prepare(department, reader, mapping, first));
                while (!stopping && !Thread.currentThread().isInterrupted()) {
                    if (!leases.holds(department, LEASE)) {
                        log.warn("migration of {}: this node lost its lease (the store out of reach too long?); it stops after {} rows,"
                                + " the node holding the lease continues from the checkpoint", department, read);
                        return;
                    }
                    Prepared prepared = awaitPage(next);
                    if (prepared == null) {
                        return;
                    }
                    if (prepared.unreadable() != null) {
                        failRead(department, prepared.unreadable());
                        return;
                    }
                    SnapshotSource.SnapshotPage page = prepared.page();
                    if (page.records().isEmpty()) {
                        break;
                    }
                    boolean lastPage = page.records().size() < reader.pageSize();
                    if (!lastPage) {
                        next = ahead.submit(() -> prepare(department, reader, mapping, page.lastKey()));
                    }
                    PageResult result = storePage(department, region, connector, prepared);
                    maxWatermark = reader.laterWatermark(maxWatermark, page.maxWatermark());
                    store.recordPage(department, result.cases(), result.rejects(), page.lastKey(), maxWatermark, page.records().size(),
                            result.applied());
                    read += page.records().size();
                    after = page.lastKey();
                    if (lastPage) {
                        break;
                    }
                }
            } finally {
                ahead.shutdownNow();
            }
            if (stopping || Thread.currentThread().isInterrupted()) {
                log.info("migration of {} stopped after {} rows; it resumes at the next start", department, read);
                return;
            }
            long legacyRows = countQuietly(reader);
            store.complete(department, legacyRows < 0 ? null : legacyRows);
            log.info("migration of {} read every page: {} rows (the legacy table holds {}); reconciliation report at"
                    + " /api/v1/departments/{}/migration/report", department, read, legacyRows < 0 ? "?" : legacyRows, department);
        } catch (RuntimeException e) {
            if (stopping) {
                log.info("migration of {} interrupted by the shutdown ({}); it resumes at the next start", department, e.toString());
                return;
            }
            log.error("migration of {} failed: {}", department, e.toString(), e);
            store.fail(department, e.toString());
            alerts.raise(department, "MIGRATION_FAILED", "the migration of department " + department + " stopped: " + e.getMessage()
                    + "; fix the cause and take the action resume-migration");
        }
    }

    /** What a page gave: the legacy side of its cases, its rejects, and how many records were applied. */
    private record PageResult(List<MigrationStore.LegacyCase> cases, List<MigrationStore.Reject> rejects, int applied) {
    }

    /**
     * A page read from the legacy system with each record mapped (the read-ahead stage's work); {@code unreadable}
     * says why there is no page when the legacy system could not be read after every retry.
     */
    private record Prepared(SnapshotSource.SnapshotPage page, List<MappedRecord> records, String unreadable) {
    }

    /** One record of a page: its payload's hash, and its case with key fields, or why the mapping refused it. */
    private record MappedRecord(SnapshotSource.SnapshotRecord record, String sha256, ObjectNode mapped, MigrationStore.LegacyCase legacy,
                                String refusal) {
    }

    /**
     * The read-ahead stage: reads the page after {@code after} and maps every record of it; null when the migration
     * stops. Reads and maps only: nothing is written here, so a page read ahead of a stop is simply read again.
     */
    private Prepared prepare(String department, SnapshotSource reader, CaseMapping mapping, String after) {
        SnapshotSource.SnapshotPage page;
        try {
            page = readPage(department, reader, after);
        } catch (LegacyUnreadable e) {
            return new Prepared(null, List.of(), e.getMessage());
        }
        if (page == null) {
            return null;
        }
        List<MappedRecord> out = new ArrayList<>(page.records().size());
        for (SnapshotSource.SnapshotRecord r : page.records()) {
            String sha = Sha256.hex(r.payload());
            try {
                ObjectNode mapped = mapping.map(json.readTree(r.payload()));
                KeyFields k = KeyFields.of(mapped);
                out.add(new MappedRecord(r, sha, mapped, new MigrationStore.LegacyCase(k.departmentCaseNo(), k.month(), k.status(),
                        k.hash(), new CaseDocument(mapped).updatedAt(), r.key()), null));
            } catch (RuntimeException | java.io.IOException e) {
                out.add(new MappedRecord(r, sha, null, null, e.getMessage()));
            }
        }
        return new Prepared(page, out, null);
    }

    /** The read-ahead's page; null when the migration stops meanwhile. A failure of the read-ahead is rethrown here. */
    private Prepared awaitPage(Future<Prepared> next) {
        try {
            return next.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * The bulk path of a one-shot import: each record is archived raw and mapped once, and the page's
     * cases are applied to the store in one transaction (per case when the batch is refused, so that
     * one case the store refuses does not hold back the others). What the mapping or the store refuses
     * is recorded as a reject with its reason. Records of the page already archived and stored by an
     * earlier, interrupted reading are not applied again.
     */
    private PageResult storePage(String department, String region, String connector, Prepared prepared) {
        SnapshotSource.SnapshotPage page = prepared.page();
        List<MigrationStore.LegacyCase> pageCases = new ArrayList<>(page.records().size());
        List<MigrationStore.Reject> pageRejects = new ArrayList<>();
        List<RawArchive.Received> received = new ArrayList<>(page.records().size());
        for (SnapshotSource.SnapshotRecord r : page.records()) {
            received.add(new RawArchive.Received(r.key(), RecordIntake.JSON, r.payload()));
        }
        Map<String, RawArchive.Archived> fresh = new java.util.HashMap<>();
        for (RawArchive.Archived a : archive.accept(department, connector, received)) {
            fresh.put(a.sha256(), a);
        }
        List<IncomingCase> incoming = new ArrayList<>();
        java.util.Set<String> refused = new java.util.HashSet<>();
        for (MappedRecord m : prepared.records()) {
            if (m.refusal() != null) {
                pageRejects.add(new MigrationStore.Reject(m.record().key(), m.refusal(), null));
                refused.add(m.sha256());
                continue;
            }
            pageCases.add(m.legacy());
            RawArchive.Archived a = fresh.get(m.sha256());
            if (a != null) {
                incoming.add(new IncomingCase(department, region, connector, a.id(), m.mapped()));
            }
        }
        int applied = 0;
        try {
            applied = (int) cases.apply(incoming).stream().filter(Migrations::changedTheStore).count();
        } catch (RuntimeException batchRefused) {
            for (IncomingCase one : incoming) {
                try {
                    applied += changedTheStore(cases.apply(List.of(one)).get(0)) ? 1 : 0;
                } catch (RuntimeException e) {
                    RawArchive.Archived a = fresh.values().stream().filter(f -> f.id() == one.rawMessageId()).findFirst().orElseThrow();
                    pageRejects.add(new MigrationStore.Reject(a.recordKey(), "store: " + e.getMessage(), null));
                    refused.add(a.sha256());
                }
            }
        }
        // what was refused stays unmarked: the next reading (after a fix) applies it again
        archive.markQueued(fresh.values().stream().filter(a -> !refused.contains(a.sha256())).map(RawArchive.Archived::id).toList());
        return new PageResult(pageCases, pageRejects, applied);
    }

    private static boolean changedTheStore(StoreOutcome o) {
        return o.effect() == StoreOutcome.Effect.CREATED || o.effect() == StoreOutcome.Effect.UPDATED;
    }

    /**
     * A page, retried while the legacy system hiccups; null when the hub stops.
     *
     * @throws LegacyUnreadable when every retry failed
     */
    private SnapshotSource.SnapshotPage readPage(String department, SnapshotSource reader, String after) {
        Exception last = null;
        for (int attempt = 0; attempt <= props.readRetries(); attempt++) {
            if (attempt > 0) {
                try {
                    Thread.sleep(props.retryPause().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            if (stopping || Thread.currentThread().isInterrupted()) {
                return null;
            }
            try {
                return reader.snapshotPage(after);
            } catch (Exception e) {
                last = e;
                log.warn("migration of {}: cannot read the page after key {} (attempt {} of {}): {}", department, after, attempt + 1,
                        props.readRetries() + 1, e.toString());
            }
        }
        throw new LegacyUnreadable("the legacy system could not be read " + (after == null ? "from its first page" : "after key " + after)
                + ": " + last);
    }

    /** The legacy system did not answer a page read after every retry. */
    private static final class LegacyUnreadable extends RuntimeException {
        LegacyUnreadable(String message) {
            super(message);
        }
    }

    /** Marks the migration FAILED for an unreadable legacy system, once every page before it is stored. */
    private void failRead(String department, String error) {
        store.fail(department, error);
        alerts.raise(department, "MIGRATION_FAILED", "the migration of department " + department + " stopped: " + error
                + "; once the legacy system answers again take the action resume-migration");
    }

    private static long countQuietly(SnapshotSource reader) {
        try {
            return reader.countRecords();
        } catch (Exception e) {
            log.warn("cannot count the legacy records: {}", e.toString());
            return -1;
        }
    }

    /** Retired departments whose legacy system still writes raise an alert; what they write is not read. */
    void watchRetired() {
        for (DepartmentStore.Department d : departments.all()) {
            if (!DepartmentStore.RETIRED.equals(d.lifecycle())) {
                continue;
            }
            var snapshot = registry.snapshotSource(d.code());
            var run = store.find(d.code());
            if (snapshot.isEmpty() || run.isEmpty()) {
                continue;
            }
            try {
                long n = snapshot.get().reader().countChangedAfter(run.get().lastKey(), run.get().maxWatermark());
                if (n > 0) {
                    alerts.raise(d.code(), RecordIntake.RETIRED_SOURCE_ALERT, "the retired legacy system of department " + d.code()
                            + " holds " + n + " record(s) added or changed after its migration; they are refused, not stored:"
                            + " the department works on the platform now");
                }
            } catch (Exception e) {
                // a switched-off legacy system is the expected state of a retired department
                log.debug("retired department {}: legacy system not readable ({})", d.code(), e.toString());
            }
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        watch.shutdownNow();
        workers.shutdownNow();
        workers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
