package org.cityhub.platform;

import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.cityhub.store.CaseStore;
import org.cityhub.store.CaseStore.DepartmentProgress;
import org.cityhub.store.DispatchStore;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * The hub-owned {@code dispatch} array of a case ({@code case.schema.json#/$defs/Dispatch}): where the case
 * stands with each department it was sent to, next to the department's own status once it reported.
 * Filled from the store, never by a mapping.
 */
@Component
class DispatchView {

    private final DispatchStore dispatches;
    private final CaseStore cases;
    private final ObjectMapper json;

    DispatchView(DispatchStore dispatches, CaseStore cases, ObjectMapper json) {
        this.dispatches = dispatches;
        this.cases = cases;
        this.json = json;
    }

    /** The case's dispatches by department; empty when it was never sent anywhere. */
    ArrayNode of(String supervisionCode) {
        ArrayNode out = json.createArrayNode();
        List<DispatchStore.Dispatch> sent = dispatches.forCase(supervisionCode);
        if (sent.isEmpty()) {
            return out;
        }
        Map<String, DepartmentProgress> progress = cases.progress(supervisionCode).stream()
                .collect(Collectors.toMap(DepartmentProgress::department, Function.identity()));
        for (DispatchStore.Dispatch d : sent) {
            var item = out.addObject();
            item.put("department", d.department());
            item.put("state", d.state().name());
            DepartmentProgress p = progress.get(d.department());
            String caseNo = d.departmentCaseNo() != null ? d.departmentCaseNo() : p == null ? null : p.departmentCaseNo();
            if (caseNo != null) {
                item.put("departmentCaseNo", caseNo);
            }
            item.put("attempts", d.attempts());
            if (d.lastError() != null) {
                item.put("lastError", d.lastError());
            }
            item.put("updatedAt", d.updatedAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            if (p != null) {
                item.put("status", p.status().name());
                item.put("reportedAt", p.recordedAt().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
        }
        return out;
    }
}
