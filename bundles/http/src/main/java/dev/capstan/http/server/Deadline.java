package dev.capstan.http.server;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A connection's one timer: while armed, the connection is aborted when the time is up. At most
 * one check is scheduled per connection; re-arming only moves the time (the check reschedules
 * itself for what is left), disarming leaves the check to find nothing to do, and {@link #cancel}
 * removes it when the connection ends. No connection, no scheduled check: an idle server never
 * wakes up. The check runs on the listener's timer thread.
 */
final class Deadline implements Runnable {
    private final ScheduledExecutorService timer;
    private final Connection connection;
    /** System.nanoTime() of the deadline; 0 when disarmed. */
    private long at;
    private ScheduledFuture<?> pending;

    Deadline(ScheduledExecutorService timer, Connection connection) {
        this.timer = timer;
        this.connection = connection;
    }

    synchronized void arm(long millis) {
        long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
        at = System.nanoTime() + nanos;
        if (at == 0) {
            at = 1;
        }
        if (pending != null && pending.getDelay(TimeUnit.NANOSECONDS) > nanos) {
            pending.cancel(false);
            pending = null;
        }
        if (pending == null) {
            pending = timer.schedule(this, nanos, TimeUnit.NANOSECONDS);
        }
    }

    synchronized void disarm() {
        at = 0;
    }

    synchronized void cancel() {
        at = 0;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    @Override
    public void run() {
        synchronized (this) {
            pending = null;
            if (at == 0) {
                return;
            }
            long left = at - System.nanoTime();
            if (left > 0) {
                pending = timer.schedule(this, left, TimeUnit.NANOSECONDS);
                return;
            }
            at = 0;
        }
        connection.expired();
    }
}
