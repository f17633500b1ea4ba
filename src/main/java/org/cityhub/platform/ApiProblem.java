package org.cityhub.platform;

import org.springframework.http.HttpStatus;

/** A request the API refuses, with the status and a precise detail for the client. */
class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    ApiProblem(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    static ApiProblem badRequest(String title, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, title, detail);
    }

    static ApiProblem notFound(String title, String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, title, detail);
    }

    HttpStatus status() {
        return status;
    }

    String title() {
        return title;
    }
}
