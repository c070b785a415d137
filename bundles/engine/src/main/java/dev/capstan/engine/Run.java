package dev.capstan.engine;

import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.engine.readiness.ActiveCheck;
import dev.capstan.engine.readiness.HealthMonitor;
import dev.capstan.engine.readiness.ReadinessWatch;
import dev.capstan.process.Child;
import dev.capstan.process.Signal;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;

/**
 * One process of a service, from its spawn until it is reaped: the child, its output, and the
 * timers and checks that belong to this process alone. Closing it cancels all of them, so nothing
 * left from a dead process can act on the next one. Used on the engine thread only.
 */
final class Run {
    /** Numbers the runs of one service; callbacks carry it to recognise a run that is over. */
    final int generation;
    /** The spec it was spawned with: stopping it uses this one's signal and grace period. */
    final ServiceSpec spec;
    final Child child;
    final ServiceOutput output;
    final Instant startedAt = Instant.now();
    /** Null when the service has no readiness check (or is a oneshot). */
    final ReadinessWatch readiness;
    /** Null when the service has no periodic health check. */
    final ActiveCheck healthCheck;
    /** Gives back its pool's listening socket; does nothing when it has none. */
    private final Runnable releaseSocket;

    /** The readiness check passed; true from the start when there is none. */
    boolean ready;
    /** The start counted: RUNNING and ready. A death after this is a run that ended, not a failed start. */
    boolean started;
    ScheduledFuture<?> startSecsTimer;
    ScheduledFuture<?> killTimer;
    HealthMonitor health;

    Run(int generation, ServiceSpec spec, Child child, ServiceOutput output, ReadinessWatch readiness,
        ActiveCheck healthCheck, Runnable releaseSocket) {
        this.generation = generation;
        this.spec = spec;
        this.child = child;
        this.output = output;
        this.readiness = readiness;
        this.healthCheck = healthCheck;
        this.releaseSocket = releaseSocket;
        this.ready = readiness == null;
    }

    int pid() {
        return child.pid();
    }

    /** Sends the stop signal (and SIGCONT, so a stopped process can act on it). */
    void sendStopSignal() {
        Signal stop = spec.stopSignal();
        send(stop, spec.stopAsGroup());
        if (stop != Signal.KILL && stop != Signal.CONT) {
            send(Signal.CONT, spec.stopAsGroup());
        }
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
