package org.cityhub.platform;

import java.net.URI;

import org.cityhub.caseflow.MalformedSupervisionCodeException;
import org.cityhub.fusion.IntakeRefused;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/** Turns refusals into RFC 9457 {@code application/problem+json} with a precise detail. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    /** A department outside the client's scope (roles are refused earlier, by the security filter chain). */
    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    ProblemDetail forbidden(org.springframework.security.access.AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler(ApiProblem.class)
    ProblemDetail apiProblem(ApiProblem p) {
        return problem(p.status(), p.title(), p.getMessage());
    }

    @ExceptionHandler(IntakeRefused.class)
    ProblemDetail intakeRefused(IntakeRefused r) {
        return problem(HttpStatus.valueOf(r.status()), r.title(), r.getMessage());
    }

    @ExceptionHandler(MalformedSupervisionCodeException.class)
    ProblemDetail malformedCode(MalformedSupervisionCodeException e) {
        return problem(HttpStatus.BAD_REQUEST, "Malformed supervision code", e.getMessage());
    }

    @ExceptionHandler(org.cityhub.onboarding.ActionRefused.class)
    ProblemDetail actionRefused(org.cityhub.onboarding.ActionRefused e) {
        return problem(HttpStatus.CONFLICT, "Action refused", e.getMessage());
    }

    @ExceptionHandler(org.cityhub.onboarding.NotInService.class)
    ProblemDetail notInService(org.cityhub.onboarding.NotInService e) {
        return problem(HttpStatus.CONFLICT, "Department not in service", e.getMessage());
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(title);
        pd.setType(URI.create("https://cityhub.example/problems/" + title.toLowerCase().replace(' ', '-')));
        return pd;
    }
}
