package dev.capstan.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the automatic restarts of a service that keeps dying after a good start (which
 * supervisord would restart at once and forever): more than {@code restart_limit} within
 * {@code restart_window} trip it. A limit of 0 turns it off.
 */
final class CrashLoopBreaker {
    private final int limit;
    private final long windowNanos;
    private final Deque<Long> restarts = new ArrayDeque<>();

    CrashLoopBreaker(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /** Records a restart at {@code nanos} (System.nanoTime) unless it would be one too many. */
    boolean allow(long nanos) {
        if (limit <= 0) {
            return true;
        }
        while (!restarts.isEmpty() && nanos - restarts.peekFirst() > windowNanos) {
            restarts.pollFirst();
        }
        if (restarts.size() >= limit) {
            return false;
        }
        restarts.addLast(nanos);
        return true;
    }

    void reset() {
        restarts.clear();
    }

    int limit() {
        return limit;
    }
}
