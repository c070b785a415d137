package dev.capstan.engine.readiness;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The periodic {@code healthcheck} of a ready service: an attempt every {@code healthcheck_interval}
 * (counted from the end of the previous one, so attempts never overlap), and after
 * {@code healthcheck_failures} failures in a row, {@code onUnhealthy} once. Runs on the engine's
 * scheduler; an attempt waits at most the interval, and never more than 10 s.
 */
public final class HealthMonitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthMonitor.class);
    private static final Duration MAX_ATTEMPT = Duration.ofSeconds(10);

    private final String name;
    private final ActiveCheck check;
    private final Duration interval;
    private final int failuresAllowed;
    private final ScheduledExecutorService loop;
    private final Consumer<String> onUnhealthy;

    private boolean closed;
    private int failures;
    private ScheduledFuture<?> timer;

    public HealthMonitor(String name, ActiveCheck check, Duration interval, int failuresAllowed,
                         ScheduledExecutorService loop, Consumer<String> onUnhealthy) {
        this.name = name;
        this.check = check;
        this.interval = interval;
        this.failuresAllowed = Math.max(1, failuresAllowed);
        this.loop = loop;
        this.onUnhealthy = onUnhealthy;
    }

    public void start() {
        schedule();
    }

    private void schedule() {
        timer = loop.schedule(this::attempt, interval.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void attempt() {
        if (closed) {
            return;
        }
        Duration limit = interval.compareTo(MAX_ATTEMPT) < 0 ? interval : MAX_ATTEMPT;
        check.attempt(limit).whenCompleteAsync((result, error) -> {
            if (closed) {
                return;
            }
            if (result != null && result.passed()) {
                if (failures > 0) {
                    LOG.info("{}: healthy again", name);
                }
                failures = 0;
                schedule();
                return;
            }
            failures++;
            String detail = result != null ? result.detail() : String.valueOf(error);
            LOG.warn("{}: health check failed ({} of {}): {}", name, failures, failuresAllowed, detail);
            if (failures >= failuresAllowed) {
                closed = true;
                onUnhealthy.accept("health check failed " + failures + " times in a row: " + detail);
            } else {
                schedule();
            }
        }, loop);
    }

    @Override
    public void close() {
        closed = true;
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
