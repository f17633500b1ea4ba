package org.cityhub.platform;

import java.util.List;

import org.cityhub.store.DepartmentStore;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The departments the hub knows, with their onboarding mode and state. */
@RestController
@RequestMapping(path = "/api/v1/departments", produces = MediaType.APPLICATION_JSON_VALUE)
class DepartmentApi {

    private final DepartmentStore departments;

    DepartmentApi(DepartmentStore departments) {
        this.departments = departments;
    }

    /** A department as the API shows it; {@code stateDetail} says why a department is INVALID. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DepartmentView(String code, String name, String region, String mode, String state, String stateDetail) {
    }

    record DepartmentList(List<DepartmentView> items) {
    }

    @GetMapping
    DepartmentList list() {
        return new DepartmentList(departments.all().stream()
                .map(d -> new DepartmentView(d.code(), d.name(), d.region(), d.mode(), d.state(), d.stateDetail()))
                .toList());
    }
}
