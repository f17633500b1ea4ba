package org.cityhub.config;

import java.net.URI;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * Input the API cannot read, made precise for every endpoint (before the capabilities' own handlers):
 * malformed JSON is a 400 naming the line and column where it breaks; a parameter that is not of its type
 * (a huge number, text where a number belongs) a 400 naming the parameter. Never a 500, and the hostile
 * value itself is not echoed.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class InputProblems {

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonProcessingException j) {
                JsonLocation at = j.getLocation();
                String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                        + (at.getCharOffset() >= 0 ? " (character " + at.getCharOffset() + ")" : "");
                return problem(HttpStatus.BAD_REQUEST, "Malformed JSON", "the request body is not valid JSON" + where + ": "
                        + shorten(j.getOriginalMessage()));
            }
        }
        return problem(HttpStatus.BAD_REQUEST, "Unreadable body", "the request body cannot be read: " + shorten(e.getMostSpecificCause().getMessage()));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail typeMismatch(MethodArgumentTypeMismatchException e) {
        String type = e.getRequiredType() == null ? "a value of its type" : switch (e.getRequiredType().getSimpleName()) {
            case "int", "Integer" -> "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
            case "long", "Long" -> "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            default -> "a " + e.getRequiredType().getSimpleName();
        };
        String value = String.valueOf(e.getValue());
        return problem(HttpStatus.BAD_REQUEST, "Invalid parameter", e.getName() + ": expected " + type + ", got "
                + (value.length() > 24 || !value.chars().allMatch(c -> c >= 0x20 && c < 0x7f) ? value.length() + " characters that are not one"
                        : "'" + value + "'"));
    }

    private static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(status, detail);
        pd.setTitle(title);
        pd.setType(URI.create("https://cityhub.example/problems/" + title.toLowerCase().replace(' ', '-')));
        return pd;
    }
}
