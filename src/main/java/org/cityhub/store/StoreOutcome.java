package org.cityhub.store;

/**
 * What storing one incoming case did.
 *
 * @param supervisionCode the case's supervision code
 * @param version         its current version after the call
 * @param effect          whether a version was written
 */
public record StoreOutcome(String supervisionCode, int version, Effect effect) {

    /** The effect of an incoming case on the store. */
    public enum Effect {
        /** A new case, version 1. */
        CREATED,
        /** A changed case, one new version. */
        UPDATED,
        /** The same content as the current version: nothing written (idempotent re-delivery). */
        UNCHANGED,
        /** Older than the current version by the department's own change time: nothing written. */
        STALE
    }
}
