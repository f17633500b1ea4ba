package org.cityhub.supervision;

/**
 * A case's supervision light. GREEN, YELLOW and RED are the lights of CASE-STANDARD.md for an open case
 * with a committed time limit; CLOSED is a case that left supervision (closed: its timeliness is in
 * {@code completedOnTime}); NONE is a case that cannot be supervised (not accepted yet, or no committed
 * time limit: the reason says which).
 */
public enum Light {
    GREEN, YELLOW, RED, CLOSED, NONE
}
