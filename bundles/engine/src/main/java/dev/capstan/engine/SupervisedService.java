package dev.capstan.engine;

import dev.capstan.api.FatalAction;
import dev.capstan.api.Fault;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.ServiceType;
import dev.capstan.api.SupervisorException;
import dev.capstan.engine.events.StateChange;
import dev.capstan.engine.order.DependencyNode;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.InputPipe;
import dev.capstan.process.Signal;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service and its state machine: supervisord's states with their meanings (docs/decisions.md,
 * "supervisord's states"), plus readiness, exponential backoff, the crash-loop breaker,
 * oneshots and the container exit policy.
 * docs/engine.md explains the rules as users read them; its "Transitions" table is this one
 * (TransitionTableTest keeps the two equal), and this one is the reference:
 *
 * <pre>
 * | from | when | to |
 * |---|---|---|
 * | STOPPED, EXITED, FATAL, UNKNOWN | a start is asked (autostart, `start`, `restart`, a changed definition, a dependent that starts) and its dependencies allow it | STARTING |
 * | STARTING | up for `startsecs`, or the readiness check passed first | RUNNING |
 * | STARTING | the spawn failed | BACKOFF, or FATAL after `startretries` |
 * | STARTING, RUNNING | the process ended before the start succeeded (RUNNING and ready; a oneshot: exited with a code in `exitcodes`) | BACKOFF, or FATAL after `startretries` |
 * | STARTING, RUNNING | a oneshot exited with a code in `exitcodes`; the process ended after the start succeeded; it ended with `exit_on_end` (Capstan shuts down) or while Capstan shuts down; its `finish` exited 125 | EXITED |
 * | EXITED | `autorestart` says it restarts | STARTING, or FATAL when the crash-loop breaker trips |
 * | STARTING, RUNNING | `stop`, `restart`, a changed definition, `ready_timeout` passed, the health check failed, shutdown | STOPPING |
 * | STOPPING | the process exited (after its `finish`, if any); a oneshot's `down` ended | STOPPED |
 * | EXITED | a oneshot with a `down` that completed is stopped (`stop`, shutdown) | STOPPING |
 * | STOPPING | the process exited after `ready_timeout` passed | BACKOFF, or FATAL after `startretries`; STOPPED while Capstan shuts down |
 * | STOPPED | it was stopped after a failed health check | STARTING at once, or FATAL when the crash-loop breaker trips |
 * | BACKOFF | the backoff delay passed | STARTING |
 * | BACKOFF | `stop`, `restart` | STOPPED |
 * | STOPPED | its dependencies were not met within `depends_timeout`, with `on_fatal = shutdown` (Capstan shuts down) | FATAL |
 * | any with a process | its exit status could not be read | UNKNOWN |
 * </pre>
 *
 * A FATAL service with {@code on_fatal = shutdown} (or {@code exit_on_end}) shuts Capstan down. A
 * longrun's {@code finish} runs after each exit of its process, and what follows the exit (the
 * transitions above) waits for it; the service keeps its state meanwhile.
 *
 * <p>Every method runs on the engine thread; there is no lock. Callbacks from a process (its exit,
 * its readiness, its timers) carry the generation of the run they belong to and are ignored once
 * that run is over. Each process is a {@link Run}, which owns its timers and checks; the callers
 * waiting for a state are {@link Waiters}.
 */
final class SupervisedService implements DependencyNode {
    private static final Logger LOG = LoggerFactory.getLogger(SupervisedService.class);
    /** The exit code of a container whose service waited past depends_timeout with on_fatal = shutdown. */
    static final int DEPENDS_TIMEOUT_EXIT = 2;
    /** A finish that exits with this says "do not restart", as s6-supervise reads it. */
    static final int FINISH_PERMANENT_FAILURE = 125;

    /** What follows when a process that is being stopped has exited. */
    private enum AfterStop {
        /** Stay STOPPED (stop, shutdown). */
        STAY,
        /** Start again, through the dependency gate (restart, a changed definition). */
        START,
        /** Spawn again at once, counted by the breaker (a failed health check). */
        RESPAWN,
        /** Count a failed start (ready_timeout passed). */
        FAIL_START
    }

    private final ServiceHost host;
    private ServiceSpec spec;
    private String origin;
    private CrashLoopBreaker breaker;

    private ServiceState state = ServiceState.STOPPED;
    private Instant since = Instant.now();
    private String description = "";
    private Run run;
    private int generation;
    private Instant startedAt;
    private ExitStatus lastExit;
    private boolean lastExpected;
    private int tries;
    /** Whether a process of it was ever spawned, so that the next one counts as a restart. */
    private boolean spawnedBefore;
    private int restarts;
    private int spawnFailures;
    /** A start is wanted and waits for dependencies. */
    private boolean pending;
    /** An operator stopped it: a new definition with autostart does not start it again. */
    private boolean stoppedByRequest;
    private ScheduledFuture<?> backoffTimer;
    /** The longest wait for dependencies ({@code depends_timeout}) of the start that waits now. */
    private ScheduledFuture<?> dependsTimer;
    /** The finish after a run, or the down of a oneshot, while it runs. */
    private ScriptRun script;
    private AfterStop afterStop = AfterStop.STAY;
    private String stopReason = "";
    /** Wait for it to be RUNNING and ready (a oneshot: done). */
    private final Waiters startWaiters = new Waiters(this);
    /** Wait for it to be stopped. */
    private final Waiters stopWaiters = new Waiters(this);

    SupervisedService(ServiceHost host, ServiceSpec spec, String origin) {
        this.host = host;
        this.spec = spec;
        this.origin = origin;
        this.breaker = new CrashLoopBreaker(spec.restartLimit(), spec.restartWindow());
    }

    // ---- what others see ----

    @Override
    public ServiceSpec spec() {
        return spec;
    }

    @Override
    public ServiceState state() {
        return state;
    }

    /** A oneshot is ready once done; a longrun when RUNNING and its check passed. */
    @Override
    public boolean isReady() {
        if (spec.type() == ServiceType.ONESHOT) {
            return isDone();
        }
        return state == ServiceState.RUNNING && run != null && run.isReady();
    }

    @Override
    public boolean isDone() {
        return state == ServiceState.EXITED && lastExpected;
    }

    @Override
    public boolean isPending() {
        return pending;
    }

    /** Has a process, or is about to, or is a completed oneshot with a down to run: what {@code stop} can act on. */
    boolean isActive() {
        return pending || run != null || script != null || state == ServiceState.BACKOFF || hasDownToRun();
    }

    /** Its process, its finish or its down runs. */
    boolean hasProcess() {
        return run != null || script != null;
    }

    private boolean hasDownToRun() {
        return spec.down() != null && isDone();
    }

    String name() {
        return spec.name();
    }

    void origin(String origin) {
        this.origin = origin;
    }

    ServiceStatus status() {
        return new ServiceStatus(spec, origin, state, run != null ? run.pid() : 0, since, startedAt, isReady(),
                lastExit, tries, description, restarts, spawnFailures);
    }

    // ---- commands ----

    /**
     * Asks for a start: at once if the dependencies allow, else when they do.
     *
     * @param waiter   completed when it is RUNNING and ready (a oneshot: done), or failed; may be null
     * @param explicit an operator or API request, which forgets earlier failures; else autostart
     */
    void start(CompletableFuture<ServiceStatus> waiter, boolean explicit) {
        if (host.shuttingDown()) {
            startWaiters.fail(waiter, Fault.SHUTDOWN_STATE, "Capstan is shutting down");
            return;
        }
        switch (state) {
            case STARTING, RUNNING, BACKOFF -> startWaiters.fail(waiter, Fault.ALREADY_STARTED, "already started");
            case STOPPING -> {
                if (explicit) {
                    forgetFailures();
                }
                afterStop = AfterStop.START;
                stoppedByRequest = false;
                startWaiters.add(waiter);
            }
            default -> {
                if (explicit) {
                    forgetFailures();
                }
                stoppedByRequest = false;
                pending = true;
                startWaiters.add(waiter);
                host.dependenciesChanged();
            }
        }
    }

    /** Stops it; the stage completes once it is in a stopped state (at once if it is). */
    CompletableFuture<ServiceStatus> stop() {
        CompletableFuture<ServiceStatus> done = new CompletableFuture<>();
        stoppedByRequest = true;
        pending = false;
        cancelDependsTimer();
        startWaiters.failAll(Fault.ABNORMAL_TERMINATION, "stopped before it was started");
        if (hasDownToRun() && script == null) {
            stopWaiters.add(done);
            down();
            return done;
        }
        switch (state) {
            case STARTING, RUNNING -> {
                afterStop = AfterStop.STAY;
                stopWaiters.add(done);
                beginStop("");
            }
            case STOPPING -> {
                afterStop = AfterStop.STAY;
                stopWaiters.add(done);
            }
            case BACKOFF -> {
                cancelBackoff();
                setState(ServiceState.STOPPED, "");
                done.complete(status());
            }
            default -> done.complete(status());
        }
        return done;
    }

    /** Stops it if it runs, then starts it; the waiter completes as for {@link #start}. */
    void restart(CompletableFuture<ServiceStatus> waiter) {
        if (host.shuttingDown()) {
            startWaiters.fail(waiter, Fault.SHUTDOWN_STATE, "Capstan is shutting down");
            return;
        }
        switch (state) {
            case STARTING, RUNNING, STOPPING -> {
                forgetFailures();
                startWaiters.add(waiter);
                afterStop = AfterStop.START;
                stoppedByRequest = false;
                if (state != ServiceState.STOPPING) {
                    beginStop("restarting");
                }
            }
            case BACKOFF -> {
                cancelBackoff();
                setState(ServiceState.STOPPED, "restarting");
                start(waiter, true);
            }
            default -> start(waiter, true);
        }
    }

    /** An operator asked: earlier failures no longer count against startretries or restart_limit. */
    private void forgetFailures() {
        tries = 0;
        breaker.reset();
    }

    /** Takes a changed definition: a service that runs, or wants to, restarts with it. */
    void redefine(ServiceSpec newSpec, String newOrigin) {
        // Running, starting or about to: restart it. Being stopped on request is not wanting to run.
        boolean wanted = pending || state == ServiceState.STARTING || state == ServiceState.RUNNING
                || state == ServiceState.BACKOFF || (state == ServiceState.STOPPING && afterStop != AfterStop.STAY);
        spec = newSpec;
        origin = newOrigin;
        breaker = new CrashLoopBreaker(newSpec.restartLimit(), newSpec.restartWindow());
        tries = 0;
        LOG.info("{}: definition changed{}", spec.fullName(), wanted ? "; restarting" : "");
        if (wanted) {
            restart(null);
        } else if (newSpec.autostart() && !stoppedByRequest) {
            // Like supervisord's update, a changed service is added anew and autostart applies:
            // that is how a FATAL service whose command was fixed comes back. One an operator
            // stopped stays stopped.
            start(null, true);
        }
    }

    void signal(Signal signal) {
        if (run == null) {
            throw new SupervisorException(Fault.NOT_RUNNING, spec.fullName() + ": not running");
        }
        run.child.signal(signal);
    }

    /** Writes or queues the bytes on its stdin pipe; never blocks (the kernel's pipe threads write the rest). */
    void sendStdin(byte[] bytes) {
        if (run == null || state == ServiceState.STOPPING) {
            throw new SupervisorException(Fault.NOT_RUNNING, spec.fullName() + ": not running");
        }
        Optional<InputPipe> pipe = run.child.stdin();
        if (pipe.isEmpty()) {
            throw new SupervisorException(Fault.NO_FILE, spec.fullName() + ": its stdin is not a pipe (stdin_pipe)");
        }
        InputPipe stdin = pipe.get();
        try {
            if (!stdin.write(ByteBuffer.wrap(bytes))) {
                throw new SupervisorException(Fault.FAILED, spec.fullName() + ": its stdin already queues "
                        + stdin.queued() + " bytes it has not read");
            }
        } catch (IllegalArgumentException e) {
            throw new SupervisorException(Fault.FAILED, spec.fullName() + ": more than its stdin queues ("
                    + stdin.capacity() + " bytes)");
        } catch (IOException e) {
            throw new SupervisorException(Fault.NO_FILE, spec.fullName() + ": its stdin is closed (" + e.getMessage() + ")");
        }
    }

    /** The shutdown deadline passed: SIGKILL to the whole group, no grace. */
    void kill() {
        if (script != null) {
            script.kill();
        }
        if (run == null) {
            return;
        }
        if (state != ServiceState.STOPPING) {
            run.quiet();
            setState(ServiceState.STOPPING, "shutdown deadline passed");
        }
        afterStop = AfterStop.STAY;
        run.kill(true);
    }

    /** Shutdown began: a start that waits will not happen. */
    void abandonStart() {
        pending = false;
        cancelDependsTimer();
        startWaiters.failAll(Fault.SHUTDOWN_STATE, "Capstan is shutting down");
    }

    // ---- the dependency gate's answers (Engine.pump) ----

    void launch() {
        pending = false;
        cancelDependsTimer();
        spawn();
    }

    void waiting(String reason) {
        if (!reason.equals(description)) {
            description = reason;
            LOG.info("{}: {}", spec.fullName(), reason);
        }
        startDependsTimer();
    }

    void blocked(String reason) {
        if (!reason.equals(description)) {
            description = reason;
            LOG.warn("{}: not started: {}", spec.fullName(), reason);
        }
        startWaiters.failAll(Fault.SPAWN_ERROR, reason);
        startDependsTimer();
    }

    /** {@code depends_timeout}: a start waits that long for its dependencies, not longer. */
    private void startDependsTimer() {
        if (dependsTimer != null || spec.dependsTimeout().isZero()) {
            return;
        }
        dependsTimer = host.loop().schedule(spec.dependsTimeout(), this::dependsTimedOut);
    }

    private void dependsTimedOut() {
        dependsTimer = null;
        if (!pending || host.shuttingDown()) {
            return;
        }
        String why = description + " for " + seconds(spec.dependsTimeout()) + " (depends_timeout)";
        if (spec.onFatal() == FatalAction.SHUTDOWN) {
            // s6-rc's exit code for a transition that timed out, which s6-overlay halts with.
            pending = false;
            setState(ServiceState.FATAL, why);
            startWaiters.failAll(Fault.SPAWN_ERROR, why);
            host.endContainer(DEPENDS_TIMEOUT_EXIT, spec.fullName() + ": " + why);
        } else {
            LOG.warn("{}: {}; starting anyway", spec.fullName(), why);
            launch();
        }
    }

    private void cancelDependsTimer() {
        if (dependsTimer != null) {
            dependsTimer.cancel(false);
            dependsTimer = null;
        }
    }

    /** A service that is wanted depends on this stopped one, so it is wanted too. */
    boolean pull() {
        if (pending || !state.isStopped() || state == ServiceState.FATAL) {
            return false;
        }
        LOG.info("{}: starting, since a service that is starting depends on it", spec.fullName());
        pending = true;
        return true;
    }

    // ---- the process ----

    private void spawn() {
        cancelBackoff();
        if (!host.launcher().ready()) {
            // Rare (the logs bundle is being updated): start as soon as it is back.
            pending = true;
            host.dependenciesChanged();
            return;
        }
        int gen = ++generation;
        try {
            run = host.launcher().launch(spec, gen, () -> onReady(gen), reason -> onNotReady(gen, reason));
        } catch (IOException | RuntimeException e) {
            // Any reason it could not start is a failed start with that reason, never a stuck state.
            // supervisord shows STARTING then BACKOFF for a spawn error too; keep that sequence.
            spawnFailures++;
            setState(ServiceState.STARTING, "");
            failedStart(e instanceof IOException ? e.getMessage() : e.toString(), Fault.SPAWN_ERROR);
            return;
        }
        startedAt = run.startedAt;
        if (spawnedBefore) {
            restarts++;
        }
        spawnedBefore = true;
        setState(ServiceState.STARTING, "");
        run.child.exit().whenCompleteAsync((status, error) -> onExit(gen, status, error), host.loop());
        run.begin(() -> startSecsElapsed(gen));
    }

    private boolean current(int gen) {
        return run != null && run.generation == gen;
    }

    private void startSecsElapsed(int gen) {
        if (!current(gen) || state != ServiceState.STARTING) {
            return;
        }
        setState(ServiceState.RUNNING, run.isReady() ? "" : "waiting for readiness (" + run.readiness.probe() + ")");
        if (run.isReady()) {
            started();
        }
    }

    private void onReady(int gen) {
        if (!current(gen)) {
            return;
        }
        run.passedReadiness();
        LOG.info("{}: ready after {} ms ({})", spec.fullName(), run.readiness.elapsed().toMillis(),
                run.readiness.probe());
        if (state == ServiceState.STARTING) {
            // Readiness is a stronger sign than startsecs: the service itself says it is up.
            setState(ServiceState.RUNNING, "");
        } else {
            description = "";
        }
        if (state == ServiceState.RUNNING) {
            started();
        }
    }

    /** RUNNING and ready: the start succeeded. */
    private void started() {
        if (spec.type() == ServiceType.ONESHOT) {
            return; // a oneshot succeeds when it exits with an expected code
        }
        tries = 0;
        int gen = run.generation;
        run.started(reason -> onUnhealthy(gen, reason));
        startWaiters.completeAll();
        host.dependenciesChanged();
    }

    private void onNotReady(int gen, String reason) {
        if (!current(gen) || run.hasStarted() || state == ServiceState.STOPPING) {
            return;
        }
        LOG.warn("{}: {}; stopping it", spec.fullName(), reason);
        afterStop = AfterStop.FAIL_START;
        stopReason = reason;
        beginStop(reason);
    }

    private void onUnhealthy(int gen, String reason) {
        if (!current(gen) || state != ServiceState.RUNNING) {
            return;
        }
        LOG.warn("{}: {}; restarting it", spec.fullName(), reason);
        afterStop = AfterStop.RESPAWN;
        stopReason = reason;
        beginStop(reason);
    }

    private void beginStop(String reason) {
        setState(ServiceState.STOPPING, reason);
        if (run != null) {
            run.stop(); // else its finish runs: the process is gone, what follows the finish is the stop
        }
    }

    private void onExit(int gen, ExitStatus status, Throwable error) {
        if (!current(gen)) {
            return;
        }
        Run ended = run;
        run = null;
        ended.close();
        // A service is its process group: what the main process left behind goes with it, so a
        // restart never finds an old worker still holding its port (supervisord leaves it behind).
        ended.child.signalGroup(Signal.KILL);
        if (status == null) {
            LOG.error("{}: lost track of pid {}", spec.fullName(), ended.pid(), error);
            setState(ServiceState.UNKNOWN, "lost track of pid " + ended.pid() + ": " + error);
            startWaiters.failAll(Fault.FAILED, description);
            stopWaiters.completeAll();
            return;
        }
        lastExit = status;
        lastExpected = status.exited() && spec.exitCodes().contains(status.code());
        if (ended.spec.finish() == null || !finish(ended, status)) {
            afterExit(ended, status, false);
        }
    }

    private void afterExit(Run ended, ExitStatus status, boolean permanent) {
        if (state == ServiceState.STOPPING) {
            stopped(ended, status, permanent);
        } else {
            ended(ended, status, permanent);
        }
    }

    /**
     * s6's finish: after each exit, with the exit code (256 when a signal killed it), the signal
     * (0), the name and the process group as arguments; what follows the exit waits for it.
     *
     * @return false when it could not be started (what follows then follows at once)
     */
    private boolean finish(Run ended, ExitStatus status) {
        List<String> argv = new ArrayList<>(ended.spec.finish());
        argv.add(status.exited() ? Integer.toString(status.code()) : "256");
        argv.add(Integer.toString(status.signal()));
        argv.add(spec.name());
        argv.add(Integer.toString(ended.pid()));
        try {
            script = host.launcher().script(ended.spec, argv, ended.spec.finishTimeout(),
                    finishStatus -> finished(ended, status, finishStatus));
        } catch (IOException | RuntimeException e) {
            LOG.warn("{}: finish did not start: {}", spec.fullName(), e.getMessage());
            return false;
        }
        description = "finish running (pid " + script.child.pid() + ")";
        return true;
    }

    private void finished(Run ended, ExitStatus status, ExitStatus finishStatus) {
        script = null;
        boolean permanent = finishStatus != null && finishStatus.exited()
                && finishStatus.code() == FINISH_PERMANENT_FAILURE;
        if (permanent) {
            LOG.info("{}: finish exited {}: not restarted", spec.fullName(), FINISH_PERMANENT_FAILURE);
        }
        afterExit(ended, status, permanent);
    }

    /** s6-rc's down: a completed oneshot is stopped by running it; STOPPED once it ended. */
    private void down() {
        setState(ServiceState.STOPPING, "down running");
        try {
            script = host.launcher().script(spec, spec.down(), spec.downTimeout(), this::downEnded);
        } catch (IOException | RuntimeException e) {
            downEnded("down did not start: " + e.getMessage());
        }
    }

    private void downEnded(ExitStatus status) {
        downEnded(status == null ? "lost track of down" : status.exited() && status.code() == 0 ? ""
                : "down failed (" + status + ")");
    }

    private void downEnded(String why) {
        script = null;
        if (!why.isEmpty()) {
            LOG.warn("{}: {}", spec.fullName(), why);
        }
        setState(ServiceState.STOPPED, why);
        stopWaiters.completeAll();
        pending = afterStop == AfterStop.START; // started again while its down ran
        afterStop = AfterStop.STAY;
        host.dependenciesChanged();
    }

    /** The process exited after a stop signal; {@code permanent}: its finish said not to restart it. */
    private void stopped(Run ended, ExitStatus status, boolean permanent) {
        AfterStop next = permanent ? AfterStop.STAY : afterStop;
        afterStop = AfterStop.STAY;
        if (permanent) {
            startWaiters.failAll(Fault.ABNORMAL_TERMINATION, "finish exited " + FINISH_PERMANENT_FAILURE);
        }
        switch (next) {
            case STAY, START -> {
                setState(ServiceState.STOPPED, "", ended.pid(), status);
                stopWaiters.completeAll();
                pending = next == AfterStop.START;
                host.dependenciesChanged();
            }
            case RESPAWN -> {
                setState(ServiceState.STOPPED, stopReason, ended.pid(), status);
                respawn();
            }
            case FAIL_START -> failedStart(stopReason, Fault.ABNORMAL_TERMINATION);
        }
    }

    /** The process ended by itself; {@code permanent}: its finish said not to restart it. */
    private void ended(Run ended, ExitStatus status, boolean permanent) {
        if (host.shuttingDown()) {
            setState(ServiceState.EXITED, "", ended.pid(), status);
            startWaiters.failAll(Fault.SHUTDOWN_STATE, "Capstan is shutting down");
            return;
        }
        if (spec.exitOnEnd()) {
            setState(ServiceState.EXITED, "", ended.pid(), status);
            if (spec.type() == ServiceType.ONESHOT && lastExpected) {
                startWaiters.completeAll();
            } else {
                startWaiters.failAll(Fault.ABNORMAL_TERMINATION, "ended: " + status);
            }
            host.endContainer(status.shellCode(), spec.fullName() + " ended (" + status + ", exit_on_end)");
            return;
        }
        if (permanent) {
            setState(ServiceState.EXITED, "finish exited " + FINISH_PERMANENT_FAILURE + ": not restarted", ended.pid(),
                    status);
            startWaiters.failAll(Fault.ABNORMAL_TERMINATION, "ended: " + status);
            host.dependenciesChanged();
            return;
        }
        if (spec.type() == ServiceType.ONESHOT) {
            if (lastExpected) {
                tries = 0;
                setState(ServiceState.EXITED, "", ended.pid(), status);
                startWaiters.completeAll();
                host.dependenciesChanged();
            } else {
                failedStart("failed (" + status + ")", Fault.ABNORMAL_TERMINATION);
            }
            return;
        }
        if (!ended.hasStarted()) {
            // supervisord's words, which status shows; the exit status follows for the log and status --json.
            failedStart("Exited too quickly (process log may have details); " + status, Fault.ABNORMAL_TERMINATION);
            return;
        }
        setState(ServiceState.EXITED, "", ended.pid(), status);
        boolean again = switch (spec.restart()) {
            case ALWAYS -> true;
            case UNEXPECTED -> !lastExpected;
            case NEVER -> false;
        };
        if (again) {
            respawn();
        } else {
            host.dependenciesChanged();
        }
    }

    /** Starts again at once after a good run, unless the breaker says it has done so too often. */
    private void respawn() {
        if (host.shuttingDown()) {
            return;
        }
        if (!breaker.allow(System.nanoTime())) {
            fatal("restarted " + breaker.limit() + " times within " + seconds(spec.restartWindow())
                    + " (restart_limit); not restarting");
            return;
        }
        spawn();
    }

    /** A start failed: back off and retry, or give up after startretries. */
    private void failedStart(String reason, Fault fault) {
        tries++;
        startWaiters.failAll(fault, reason);
        if (host.shuttingDown()) {
            setState(ServiceState.STOPPED, reason);
            return;
        }
        if (tries > spec.startRetries()) {
            fatal(reason + "; gave up after " + tries + (tries == 1 ? " attempt" : " attempts"));
            return;
        }
        Duration delay = Backoff.delay(spec, tries);
        setState(ServiceState.BACKOFF, reason + "; retry " + tries
                + (spec.startRetries() == Integer.MAX_VALUE ? "" : " of " + spec.startRetries()) + " in " + seconds(delay));
        backoffTimer = host.loop().schedule(delay, this::retry);
    }

    private void retry() {
        backoffTimer = null;
        if (state == ServiceState.BACKOFF && !host.shuttingDown()) {
            spawn();
        }
    }

    private void fatal(String reason) {
        setState(ServiceState.FATAL, reason);
        startWaiters.failAll(Fault.SPAWN_ERROR, reason);
        host.dependenciesChanged();
        if ((spec.onFatal() == FatalAction.SHUTDOWN || spec.exitOnEnd()) && !host.shuttingDown()) {
            int code = lastExit != null && lastExit.shellCode() != 0 ? lastExit.shellCode() : 1;
            host.endContainer(code, spec.fullName() + " is FATAL");
        }
    }

    private void cancelBackoff() {
        if (backoffTimer != null) {
            backoffTimer.cancel(false);
            backoffTimer = null;
        }
    }

    // ---- state changes ----

    private void setState(ServiceState to, String why) {
        setState(to, why, run != null ? run.pid() : 0, null);
    }

    private void setState(ServiceState to, String why, int pid, ExitStatus exit) {
        ServiceState from = state;
        state = to;
        since = Instant.now();
        description = why;
        host.publisher().publish(new StateChange(spec, from, to, pid, exit, lastExpected, tries, why));
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
