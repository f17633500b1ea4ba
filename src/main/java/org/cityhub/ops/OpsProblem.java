package org.cityhub.ops;

import org.cityhub.connector.BrokerManagement;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A request the ops API refuses, with the status and a precise detail; rendered as RFC 9457 problem+json. */
class OpsProblem extends RuntimeException {

    private final HttpStatus status;
    private final String title;

    OpsProblem(HttpStatus status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    static OpsProblem badRequest(String detail) {
        return new OpsProblem(HttpStatus.BAD_REQUEST, "Bad request", detail);
    }

    static OpsProblem notFound(String title, String detail) {
        return new OpsProblem(HttpStatus.NOT_FOUND, title, detail);
    }

    static OpsProblem conflict(String title, String detail) {
        return new OpsProblem(HttpStatus.CONFLICT, title, detail);
    }

    /** Renders the ops API's refusals, and a broker that cannot be reached as 503. */
    @RestControllerAdvice(assignableTypes = OpsApi.class)
    static class Handler {

        @ExceptionHandler(OpsProblem.class)
        ProblemDetail refused(OpsProblem p) {
            return problem(p.status, p.title, p.getMessage());
        }

        /** A message found not replayable while moving: its batch was rolled back, nothing of it moved. */
        @ExceptionHandler(IllegalStateException.class)
        ProblemDetail notPossible(IllegalStateException e) {
            return problem(HttpStatus.CONFLICT, "Action refused", e.getMessage() + "; its batch was rolled back");
        }

        @ExceptionHandler(BrokerManagement.Unavailable.class)
        ProblemDetail brokerUnavailable(BrokerManagement.Unavailable e) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "Broker unavailable", e.getMessage());
        }

        private static ProblemDetail problem(HttpStatus status, String title, String detail) {
            ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
            pd.setTitle(title);
            pd.setType(URI.create("https://cityhub.example/problems/" + title.toLowerCase().replace(' ', '-')));
            return pd;
        }
    }
}
