package org.cityhub.onboarding;

import java.io.IOException;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.cityhub.store.MigrationStore;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A migration's reconciliation: the legacy system as the migration read and mapped it, against the
 * store, per month and per status, with a checksum over the key fields of every case, each case that
 * differs, and each legacy record the mapping rejected. {@code reconciled} when nothing differs.
 *
 * @param differences why it is not reconciled, one sentence each (empty when reconciled)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReconciliationReport(String department, OffsetDateTime generatedAt, boolean reconciled, List<Difference> differences,
                                   Migration migration, Totals totals, List<MigrationStore.Bucket> byMonth,
                                   List<MigrationStore.Bucket> byStatus, Checksums checksum, long mismatchCount,
                                   List<MigrationStore.Mismatch> mismatches, List<Rejected> rejected, Long pendingInbound) {

    /** One reason the report is not reconciled; {@code kind} REJECTED alone can be accepted by an admin. */
    public record Difference(String kind, String detail) {
    }

    /** The migration run the report is about. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Migration(String state, String connector, OffsetDateTime startedAt, OffsetDateTime finishedAt, long rowsRead,
                            Long legacyRows, long rowsStored, long rowsRejected, long pages, String lastKey, String lastError) {
    }

    /** Distinct cases on each side. */
    public record Totals(long legacyCases, long storeCases) {
    }

    /** SHA-256 over (case number, key-field hash) of every case in case-number order, per side. */
    public record Checksums(String legacy, String store, boolean equal) {
    }

    /** A legacy record the mapping could not read. */
    public record Rejected(String legacyKey, String reason) {
    }

    /** Whether only rejected records keep the report from being reconciled. */
    public boolean onlyRejectedDiffer() {
        return !differences.isEmpty() && differences.stream().allMatch(d -> d.kind().equals("REJECTED"));
    }

    /** The report as CSV (UTF-8 with a byte-order mark, so that spreadsheet programs read the Chinese): one row per finding. */
    public String toCsv() {
        StringWriter out = new StringWriter();
        out.write('\ufeff');
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder()
                .setHeader("section", "key", "legacy", "store", "detail").setRecordSeparator("\r\n").get())) {
            csv.printRecord("summary", "department", "", "", department);
            csv.printRecord("summary", "generated", "", "", generatedAt);
            csv.printRecord("summary", "reconciled", "", "", reconciled ? "yes" : "no");
            for (Difference d : differences) {
                csv.printRecord("difference", d.kind(), "", "", d.detail());
            }
            csv.printRecord("migration", "state", "", "", migration.state());
            csv.printRecord("migration", "rows read", migration.rowsRead(), "", "");
            csv.printRecord("migration", "rows in the legacy table", migration.legacyRows() == null ? "" : migration.legacyRows(), "", "");
            csv.printRecord("total", "cases", totals.legacyCases(), totals.storeCases(), totals.legacyCases() - totals.storeCases());
            for (MigrationStore.Bucket b : byMonth) {
                csv.printRecord("month", b.key(), b.legacy(), b.store(), b.legacy() - b.store());
            }
            for (MigrationStore.Bucket b : byStatus) {
                csv.printRecord("status", b.key(), b.legacy(), b.store(), b.legacy() - b.store());
            }
            csv.printRecord("checksum", "sha-256", checksum.legacy(), checksum.store(), checksum.equal() ? "equal" : "different");
            for (MigrationStore.Mismatch m : mismatches) {
                csv.printRecord("mismatch", m.departmentCaseNo(), m.legacyStatus(), m.storeStatus(), m.problem());
            }
            for (Rejected r : rejected) {
                csv.printRecord("rejected", r.legacyKey(), "", "", r.reason());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toString();
    }
}
