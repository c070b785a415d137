package dev.capstan.engine;

import dev.capstan.api.ClaimedStdio;
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
 * One process of a service, from its spawn until its process group is gone: the child, its
 * output, and the timers and checks that belong to this process alone, which it starts and
 * cancels itself. Closing it cancels all of them, so nothing left from a dead process can act on
 * the next one. Used on the engine thread only; its callbacks come on that thread too.
 *
 * <p>A service is its process group. When the main process has exited and members of its group
 * are left (a shell wrapper's workers), they get the stop signal, unless the whole group already
 * has it, and the grace: {@code stopwaitsecs} from the stop signal, or from the exit when the
 * process ended by itself. SIGKILL goes to whatever is left when the grace ends, never before;
 * a member that outlives SIGKILL too is left behind after {@link #AFTER_SIGKILL}.
 */
final class Run {
    private static final Logger LOG = LoggerFactory.getLogger(Run.class);
    private static final Duration FIRST_GROUP_CHECK = Duration.ofMillis(10);
    private static final Duration LAST_GROUP_CHECK = Duration.ofMillis(250);
    /**
     * How long members of the group may take to go after SIGKILL: the kernel ends them at once,
     * unless one sleeps where no signal reaches it (a dead NFS mount) or is a zombie its parent,
     * outside the group, does not reap (it stays in the group until reaped); that one is not
     * waited for, or its service would never stop or restart.
     */
    private static final Duration AFTER_SIGKILL = Duration.ofSeconds(5);

    /** Numbers the runs of one service; callbacks carry it to recognise a run that is over. */
    final int generation;
    /** The spec it was spawned with: stopping it uses this one's signal and grace period. */
    final ServiceSpec spec;
    final Child child;
    final Instant startedAt = Instant.now();
    /** Null when the service has no readiness check (or is a oneshot). */
    final ReadinessWatch readiness;
    private final ServiceOutput output;
    /** Its stdin and stdout when a claimant took them (an event listener's), else null. */
    private final ClaimedStdio claimed;
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
    /** The main process exited; its group may live on. */
    private boolean exited;
    /** The stop signal went to the whole group. */
    private boolean groupSignalled;
    /** {@code stopwaitsecs} passed since the stop signal: SIGKILL went out. */
    private boolean graceOver;
    private ScheduledFuture<?> startSecsTimer;
    private ScheduledFuture<?> killTimer;
    private ScheduledFuture<?> groupCheck;
    private ScheduledFuture<?> lastWait;
    private Runnable onGroupGone;
    private HealthMonitor health;

    Run(int generation, ServiceSpec spec, Child child, ServiceOutput output, ClaimedStdio claimed,
        ReadinessWatch readiness, ActiveCheck healthCheck, EngineLoop loop, Runnable releaseSocket) {
        this.generation = generation;
        this.spec = spec;
        this.child = child;
        this.output = output;
        this.claimed = claimed;
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
        if (exited) {
            return; // what is left of its group is being stopped already
        }
        sendStopSignal(spec.stopAsGroup());
        killTimer = loop.schedule(spec.stopWait(), this::graceEnded);
    }

    private void sendStopSignal(boolean group) {
        Signal stop = spec.stopSignal();
        send(stop, group);
        if (stop != Signal.KILL && stop != Signal.CONT) {
            send(Signal.CONT, group);
        }
        groupSignalled |= group;
    }

    private void graceEnded() {
        if (closed) {
            return;
        }
        graceOver = true;
        LOG.warn("{}: {} still running {} ms after SIG{}; sending SIGKILL", spec.fullName(),
                exited ? "what is left of its process group is" : "it is", spec.stopWait().toMillis(), spec.stopSignal());
        kill(exited || spec.killAsGroup() || spec.stopAsGroup());
        if (exited) {
            lastWait = loop.schedule(AFTER_SIGKILL, this::leaveGroup);
        }
    }

    /**
     * The main process was reaped. When nothing is left of its group, {@code onGone} runs at
     * once; otherwise the rest of the group is stopped (see the class comment) and
     * {@code onGone} runs, on the engine thread, once the group is empty.
     *
     * @return whether the group was already empty
     */
    boolean exited(Runnable onGone) {
        exited = true;
        quiet();
        if (!groupAlive()) {
            onGone.run();
            return true;
        }
        onGroupGone = onGone;
        if (graceOver) {
            kill(true);
            lastWait = loop.schedule(AFTER_SIGKILL, this::leaveGroup);
        } else {
            if (!groupSignalled) {
                sendStopSignal(true);
            }
            if (killTimer == null) {
                killTimer = loop.schedule(spec.stopWait(), this::graceEnded);
            }
        }
        checkGroup(FIRST_GROUP_CHECK);
        return false;
    }

    /**
     * Whether the group is empty yet, at a doubling interval: the members left are reaped by the
     * kernel as they end, which tells nobody, and this lasts at most until the grace ends.
     */
    private void checkGroup(Duration delay) {
        groupCheck = loop.schedule(delay, () -> {
            if (closed) {
                return;
            }
            if (groupAlive()) {
                Duration next = delay.multipliedBy(2);
                checkGroup(next.compareTo(LAST_GROUP_CHECK) > 0 ? LAST_GROUP_CHECK : next);
            } else {
                groupGone();
            }
        });
    }

    /**
     * Whether the group has a member left. When the system will not say (members that switched
     * to another user, and Capstan is not root), the group is not waited for.
     */
    private boolean groupAlive() {
        try {
            return child.hasGroup();
        } catch (IllegalStateException e) {
            LOG.warn("{}: {}; what is left of its process group is not waited for", spec.fullName(), e.getMessage());
            return false;
        }
    }

    /** Members outlived SIGKILL by {@link #AFTER_SIGKILL}: the run ends without them. */
    private void leaveGroup() {
        if (closed || onGroupGone == null) {
            return;
        }
        LOG.warn("{}: what is left of its process group outlived SIGKILL by {} s (asleep where no signal reaches it, "
                + "or a zombie its parent does not reap?); the service goes on without it", spec.fullName(),
                AFTER_SIGKILL.toSeconds());
        groupGone();
    }

    private void groupGone() {
        cancel(groupCheck);
        cancel(lastWait);
        Runnable gone = onGroupGone;
        onGroupGone = null;
        if (gone != null) {
            gone.run();
        }
    }

    /** The main process exited and the rest of its group is being stopped. */
    boolean hasExited() {
        return exited;
    }

    /** SIGKILL, to the whole group when {@code group} (killasgroup, stopasgroup, the shutdown deadline). */
    void kill(boolean group) {
        send(Signal.KILL, group);
    }

    private void send(Signal signal, boolean group) {
        try {
            if (group) {
                child.signalGroup(signal);
            } else {
                child.signal(signal);
            }
        } catch (IllegalStateException e) {
            // Every process it reaches switched to another user, and Capstan is not root.
            LOG.warn("{}: {}", spec.fullName(), e.getMessage());
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

    /** The process was reaped and its group is gone: everything of this run ends. */
    void close() {
        closed = true;
        quiet();
        cancel(killTimer);
        cancel(groupCheck);
        cancel(lastWait);
        output.close();
        if (claimed != null) {
            claimed.close();
        }
        releaseSocket.run();
    }

    private static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
