package dev.capstan.api;

import java.util.Locale;
import java.util.Objects;

/**
 * One entry of {@code depends_on}: {@code a} waits until a is RUNNING, {@code a:ready} until it is
 * ready, {@code a:done} until the oneshot a completed with an expected exit code,
 * {@code a:settled} until a is no longer on its way up, whether it got there or gave up.
 */
public record Dependency(String name, Condition condition) {

    public enum Condition {
        RUNNING, READY, DONE,
        /** Ready (a oneshot: done), or not starting any more: FATAL, EXITED, or stopped and not wanted. */
        SETTLED
    }

    public Dependency {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(condition, "condition");
    }

    /** Parses {@code name}, {@code name:running}, {@code name:ready}, {@code name:done} or {@code name:settled}. */
    public static Dependency parse(String text) {
        String t = text.trim();
        int colon = t.lastIndexOf(':');
        if (colon > 0) {
            String suffix = t.substring(colon + 1).toLowerCase(Locale.ROOT);
            for (Condition c : Condition.values()) {
                if (c.name().toLowerCase(Locale.ROOT).equals(suffix)) {
                    return new Dependency(t.substring(0, colon), c);
                }
            }
        }
        if (t.isEmpty()) {
            throw new IllegalArgumentException("empty dependency name");
        }
        return new Dependency(t, Condition.RUNNING);
    }

    @Override
    public String toString() {
        return condition == Condition.RUNNING ? name : name + ":" + condition.name().toLowerCase(Locale.ROOT);
    }
}
