package org.cityhub.onboarding;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin actions on a department's onboarding process: which mode they belong to, from which
 * states they may be taken, and where they lead. Preconditions beyond the state (a reconciled
 * migration for {@link #VERIFY}) are checked by {@link Onboarding}.
 */
public enum AdminAction {
    /** fusion or callout: put the department in service. */
    ACTIVATE("activate", Set.of("fusion", "callout"), EnumSet.of(Lifecycle.ONBOARDING), Lifecycle.ACTIVE),
    /** retire: read the whole history afresh (a previous reading is replaced). */
    START_MIGRATION("start-migration", Set.of("retire"), EnumSet.of(Lifecycle.ONBOARDING, Lifecycle.MIGRATING, Lifecycle.VERIFIED),
            Lifecycle.MIGRATING),
    /** retire: continue a migration that stopped or failed, from its last checkpoint. */
    RESUME_MIGRATION("resume-migration", Set.of("retire"), EnumSet.of(Lifecycle.MIGRATING), Lifecycle.MIGRATING),
    /** retire: accept a completed, reconciled migration. */
    VERIFY("verify", Set.of("retire"), EnumSet.of(Lifecycle.MIGRATING), Lifecycle.VERIFIED),
    /** retire: switch the legacy system off; the hub refuses anything it still sends. */
    RETIRE("retire", Set.of("retire"), EnumSet.of(Lifecycle.VERIFIED), Lifecycle.RETIRED);

    private final String word;
    private final Set<String> modes;
    private final Set<Lifecycle> from;
    private final Lifecycle to;

    AdminAction(String word, Set<String> modes, Set<Lifecycle> from, Lifecycle to) {
        this.word = word;
        this.modes = modes;
        this.from = from;
        this.to = to;
    }

    /** The action's name in the API. */
    public String word() {
        return word;
    }

    public Lifecycle to() {
        return to;
    }

    public static Optional<AdminAction> of(String word) {
        return Arrays.stream(values()).filter(a -> a.word.equals(word)).findFirst();
    }

    public static List<String> words() {
        return Arrays.stream(values()).map(AdminAction::word).toList();
    }

    /** Why the action cannot be taken on a department of this mode in this state, or empty when it can. */
    public Optional<String> refusal(String mode, Lifecycle state) {
        if (!modes.contains(mode)) {
            return Optional.of(word + " is an action of mode " + String.join("/", modes.stream().sorted().toList())
                    + "; this department's mode is " + mode);
        }
        if (!from.contains(state)) {
            return Optional.of(word + " is possible from " + from + ", not from " + state);
        }
        return Optional.empty();
    }

    /** The actions possible now for a department of this mode in this state (preconditions aside). */
    public static List<String> possible(String mode, Lifecycle state) {
        return Arrays.stream(values()).filter(a -> a.refusal(mode, state).isEmpty()).map(AdminAction::word).toList();
    }
}
