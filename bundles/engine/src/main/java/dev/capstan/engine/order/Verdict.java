package dev.capstan.engine.order;

import java.util.List;

/**
 * Whether a service may start now.
 *
 * @param kind   open, wait or blocked
 * @param reason for wait and blocked: what it waits for or why it cannot start, in words
 * @param pull   stopped dependencies that must be started for it (they are wanted because it is)
 */
public record Verdict(Kind kind, String reason, List<String> pull) {

    public enum Kind {
        /** Every dependency is satisfied. */
        OPEN,
        /** A dependency is not satisfied yet but may become so. */
        WAIT,
        /** A dependency is FATAL or part of a cycle: nothing will change without an operator. */
        BLOCKED
    }

    public static final Verdict OPEN = new Verdict(Kind.OPEN, "", List.of());

    public Verdict {
        pull = List.copyOf(pull);
    }
}
