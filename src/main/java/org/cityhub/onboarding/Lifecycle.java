package org.cityhub.onboarding;

/**
 * Where a department stands in its onboarding process. Every department starts {@link #ONBOARDING};
 * only audited admin actions ({@link AdminAction}) move it on.
 */
public enum Lifecycle {
    /** Connector configured; its cases flow in for checking, but the platform does not send it work yet. */
    ONBOARDING,
    /** fusion and callout: in service; the platform dispatches cases to it or calls its operations. */
    ACTIVE,
    /** retire: its history is being (or has been) read and reconciled. */
    MIGRATING,
    /** retire: an admin accepted the reconciliation. */
    VERIFIED,
    /** retire: the legacy system is switched off; anything it still sends is refused. Its cases stay queryable. */
    RETIRED
}
