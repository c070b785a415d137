package dev.capstan.engine;

import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.engine.readiness.ActiveCheck;
import dev.capstan.engine.readiness.HealthMonitor;
import dev.capstan.engine.readiness.ReadinessWatch;
import dev.capstan.process.Child;
import dev.capstan.process.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process of a service, from its spawn until it is reaped: the child, its output, and the
 * timers and checks that belong to this process alone, which it starts and cancels itself.
 * Closing it cancels all of them, so nothing left from a dead process can act on the next one.
 * Used on the engine thread only; its callbacks come on that thread too.
 */
final class Run {
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);

    /** Numbers the runs of one service; callbacks carry it to recognise a run that is over. */
    final int generation;
    /** The spec it was spawned with: stopping it uses this one's signal and grace period. */
    final ServiceSpec spec;
    final Child child;
    final Instant startedAt = Instant.now();
    /** Null when the service has no readiness check (or is a oneshot). */
    final ReadinessWatch readiness;
    private final ServiceOutput output;
    /** Null when the service has no periodic health check. */
    private final ActiveCheck healthCheck;
    private final EngineLoop loop;
    /** Gives back its pool's listening socket; does nothing when it has none. */
    private final Runnable releaseSocket;

    /** The readiness check passed; true from the start when there is none. */
    private boolean ready;
    /** The start counted: RUNNING and ready. A death after this is a run that ended, not a failed start. */
    private boolean started;
    private boolean closed;
    private ScheduledFuture<?> startSecsTimer;
    private ScheduledFuture<?> killTimer;
    private HealthMonitor health;

    Run(int generation, ServiceSpec spec, Child child, ServiceOutput output, ReadinessWatch readiness,
        ActiveCheck healthCheck, EngineLoop loop, Runnable releaseSocket) {
        this.generation = generation;
        this.spec = spec;
        this.child = child;
        this.output = output;
        this.readiness = readiness;
        this.healthCheck = healthCheck;
        this.loop = loop;
        this.releaseSocket = releaseSocket;
        this.ready = readiness == null;
    }

    int pid() {
        return child.pid();
    }

    boolean isReady() {
        return ready;
    }

    boolean hasStarted() {
        return started;
    }

    /**
     * The process was spawned: its readiness check begins, and {@code onStartSecs} runs once it
     * has been up for {@code startsecs} (at once when that is 0).
     */
    void begin(Runnable onStartSecs) {
        if (readiness != null) {
            readiness.begin();
        }
        if (spec.startSecs().isZero()) {
            onStartSecs.run();
        } else {
            startSecsTimer = loop.schedule(spec.startSecs(), onStartSecs);
        }
    }

    /** The readiness check passed: a stronger sign than startsecs, whose timer is moot now. */
    void passedReadiness() {
        ready = true;
        cancel(startSecsTimer);
    }

    /**
     * RUNNING and ready: the start counted. The health check, if any, begins; after
     * {@code healthcheck_failures} failures in a row {@code onUnhealthy} gets the reason.
     */
    void started(Consumer<String> onUnhealthy) {
        started = true;
        if (healthCheck != null) {
            health = new HealthMonitor(spec.fullName(), healthCheck, spec.healthInterval(), spec.healthFailures(),
                    loop, onUnhealthy);
            health.start();
        }
    }

    /**
     * Stops the process: the checks end, the stop signal goes out (and SIGCONT, so a stopped
     * process can act on it), and SIGKILL follows if it is still there after {@code stopwaitsecs}.
     */
    void stop() {
        quiet();
        Signal stop = spec.stopSignal();
        send(stop, spec.stopAsGroup());
        if (stop != Signal.KILL && stop != Signal.CONT) {
            send(Signal.CONT, spec.stopAsGroup());
        }
        Duration grace = spec.stopWait();
        killTimer = loop.schedule(grace, () -> {
            if (!closed) {
                LOG.warn("{}: still running {} ms after SIG{}; sending SIGKILL", spec.fullName(), grace.toMillis(),
                        spec.stopSignal());
                kill(spec.killAsGroup() || spec.stopAsGroup());
            }
        });
    }

    /** SIGKILL, to the whole group when {@code group} (killasgroup, stopasgroup, the shutdown deadline). */
    void kill(boolean group) {
        send(Signal.KILL, group);
    }

    private void send(Signal signal, boolean group) {
        if (group) {
            child.signalGroup(signal);
        } else {
            child.signal(signal);
        }
    }

    /** Stops the checks and the start timer: the process is being stopped and they are moot. */
    void quiet() {
        cancel(startSecsTimer);
        if (readiness != null) {
            readiness.close();
        }
        if (health != null) {
            health.close();
        }
    }

    /** The process was reaped: everything of this run ends. */
    void close() {
        closed = true;
        quiet();
        cancel(killTimer);
        output.close();
        releaseSocket.run();
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
