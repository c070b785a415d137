package dev.capstan.engine;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Counts the automatic restarts of a service that keeps dying after a good start (which
 * supervisord would restart forever, once a second): more than {@code restart_limit} within
 * {@code restart_window} trip it, and a limit of 0 turns that off. Past {@link #IMMEDIATE}
 * restarts within the window, whatever the limit, each further one waits the backoff first.
 */
final class CrashLoopBreaker {
    /** Restarts within the window that happen at once; further ones wait the backoff. */
    static final int IMMEDIATE = 10;

    private final int limit;
    private final long windowNanos;
    private final Deque<Long> restarts = new ArrayDeque<>();

    CrashLoopBreaker(int limit, Duration window) {
        this.limit = limit;
        this.windowNanos = window.toNanos();
    }

    /** Whether a restart at {@code nanos} (System.nanoTime) would be one more than the limit allows. */
    boolean trips(long nanos) {
        return limit > 0 && recent(nanos) >= limit;
    }

    /** How many restarts within the window a restart at {@code nanos} is past {@link #IMMEDIATE}; 0 when it is not. */
    int beyondImmediate(long nanos) {
        return Math.max(0, recent(nanos) - IMMEDIATE + 1);
    }

    /** A restart happened at {@code nanos}. */
    void record(long nanos) {
        restarts.addLast(nanos);
    }

    private int recent(long nanos) {
        while (!restarts.isEmpty() && nanos - restarts.peekFirst() > windowNanos) {
            restarts.pollFirst();
        }
        return restarts.size();
    }

    void reset() {
        restarts.clear();
    }

    int limit() {
        return limit;
    }
}
