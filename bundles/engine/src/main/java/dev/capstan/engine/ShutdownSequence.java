package dev.capstan.engine;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops every service for Capstan's shutdown: wave by wave in reverse start order (the services
 * of one wave in parallel, each with its stopsignal and stopwaitsecs), all under one deadline,
 * after which whatever still runs gets SIGKILL to its whole group. supervisord stops one group
 * per 1 s tick and exits 0; here the total is bounded by {@code shutdown_timeout}, below Docker's
 * 10 s grace, plus at most a second for the SIGKILLed to be reaped.
 */
final class ShutdownSequence {
    private static final Logger LOG = LoggerFactory.getLogger(ShutdownSequence.class);
    /** How long SIGKILLed processes get to be reaped before the sequence reports and ends. */
    private static final Duration KILL_GRACE = Duration.ofSeconds(1);

    private final EngineLoop loop;
    private final List<List<SupervisedService>> waves;
    private final Collection<SupervisedService> all;
    private final Duration deadline;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private long beganNanos;
    private ScheduledFuture<?> deadlineTimer;
    private ScheduledFuture<?> graceTimer;

    ShutdownSequence(EngineLoop loop, List<List<SupervisedService>> waves, Duration deadline) {
        this.loop = loop;
        this.waves = waves;
        this.all = waves.stream().flatMap(List::stream).toList();
        this.deadline = deadline;
    }

    /** Completes on the engine thread when every service has stopped, or the deadline and its grace passed. */
    CompletableFuture<Void> done() {
        return done;
    }

    void begin() {
        beganNanos = System.nanoTime();
        all.forEach(SupervisedService::abandonStart);
        long running = all.stream().filter(SupervisedService::hasProcess).count();
        LOG.info("stopping {} running services in {} waves within {} ms", running, waves.size(), deadline.toMillis());
        deadlineTimer = loop.schedule(deadline, this::deadlinePassed);
        wave(0);
    }

    private void wave(int index) {
        if (done.isDone()) {
            return;
        }
        if (index == waves.size()) {
            finish();
            return;
        }
        CompletableFuture<?>[] stops = waves.get(index).stream()
                .map(SupervisedService::stop)
                .toArray(CompletableFuture[]::new);
        // Async: the next wave starts after the exit that ended this one has been fully handled.
        CompletableFuture.allOf(stops).whenCompleteAsync((v, e) -> wave(index + 1), loop);
    }

    private void deadlinePassed() {
        List<SupervisedService> left = running();
        LOG.warn("shutdown_timeout of {} ms passed; SIGKILL to {}", deadline.toMillis(), names(left));
        left.forEach(SupervisedService::kill);
        graceTimer = loop.schedule(KILL_GRACE, this::finish);
    }

    private void finish() {
        if (done.isDone()) {
            return;
        }
        deadlineTimer.cancel(false);
        if (graceTimer != null) {
            graceTimer.cancel(false);
        }
        List<SupervisedService> left = running();
        long ms = (System.nanoTime() - beganNanos) / 1_000_000;
        if (left.isEmpty()) {
            LOG.info("all services stopped in {} ms", ms);
        } else {
            LOG.error("still running {} ms into the shutdown, after SIGKILL: {}", ms, names(left));
        }
        done.complete(null);
    }

    private List<SupervisedService> running() {
        return all.stream().filter(SupervisedService::hasProcess).toList();
    }

    private static String names(List<SupervisedService> services) {
        return services.stream().map(s -> s.spec().fullName()).collect(Collectors.joining(", "));
    }
}
