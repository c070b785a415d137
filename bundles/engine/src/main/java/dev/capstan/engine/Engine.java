package dev.capstan.engine;

import dev.capstan.api.EngineHealth;
import dev.capstan.api.Fault;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StdioClaimant;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.container.Container;
import dev.capstan.engine.events.StatePublisher;
import dev.capstan.engine.order.DependencyGate;
import dev.capstan.engine.order.StartOrder;
import dev.capstan.engine.order.Verdict;
import dev.capstan.engine.readiness.Checks;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.Signal;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.osgi.service.event.EventAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supervision engine: the set of services, the dependency gate that starts them, and the
 * shutdown. Plain Java, so tests build it directly with a real kernel; the DS component in
 * {@code dev.capstan.engine.component} wires it in the framework.
 *
 * <p>All state lives on the {@link EngineLoop} thread. The {@link Supervisor} methods hand their
 * work to it: queries wait for the answer (it takes microseconds), {@code define} is queued,
 * commands return a stage completed on that thread.
 */
public final class Engine implements Supervisor, EngineHealth, ServiceHost, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Engine.class);
    /** {@code shutdown_timeout} when none is set: below Docker's 10 s grace. */
    public static final long DEFAULT_SHUTDOWN_TIMEOUT_MS = 8000;
    static final String WAITING_FOR_LOGS = "waiting for the logs bundle";
    static final String WAITING_FOR_EVENTS = "waiting for the events bundle (an event listener's stdin and stdout are its)";
    /**
     * Definitions arrive one by one (ConfigAdmin delivers a file's services in its own order, not
     * in start order), so the first start pass waits until none came for this long...
     */
    static final Duration SETTLE = Duration.ofMillis(20);
    /** ...but no longer than this after the first of them, so a steady trickle cannot hold starts. */
    static final Duration SETTLE_MAX = Duration.ofMillis(500);
    /** Extra time {@link #awaitShutdown} waits beyond the deadline, for the SIGKILLed to be reaped. */
    private static final Duration CLOSE_MARGIN = Duration.ofSeconds(2);

    private final EngineLoop loop = new EngineLoop();
    private final ThreadPoolExecutor probePool;
    private final RunLauncher launcher;
    private final Pipes pipes;
    private final StatePublisher publisher;
    private final Container container;
    private final Supplier<ServiceLogs> logs;
    private final List<StdioClaimant> claimants = new CopyOnWriteArrayList<>();

    private final Map<String, SupervisedService> services = new HashMap<>();
    /** Services a {@link #remove} is stopping; a new definition takes one back out. */
    private final Set<SupervisedService> removing = new HashSet<>();
    /** The services in start order, or null until someone needs it after a change (see {@link #order()}). */
    private List<SupervisedService> order = List.of();
    /** The names some service's {@code producer_for} writes into, or null until needed after a change. */
    private Set<String> consumers = Set.of();
    private boolean pumpQueued;
    /** The pending start pass while definitions are still arriving, else null. */
    private ScheduledFuture<?> settling;
    private long settlingSince;
    private boolean ending;
    /** SUPERVISOR_RUNNING was posted: the first start pass ran. Written on the engine thread. */
    private volatile boolean running;
    private ShutdownSequence shutdown;
    private volatile Duration shutdownTimeout = Duration.ofMillis(DEFAULT_SHUTDOWN_TIMEOUT_MS);
    /** The pending no-op of {@link #responsive}, completed on the engine thread; guarded by itself. */
    private final Heartbeat heartbeat = new Heartbeat();

    /**
     * @param logs        the logs bundle's service, or null while there is none (nothing is spawned
     *                    then; call {@link #logsChanged} when it comes)
     * @param eventAdmin  the current EventAdmin, or null while there is none
     * @param environment Capstan's own environment, the base of every child's
     */
    public Engine(ProcessKernel kernel, Supplier<ServiceLogs> logs, Container container,
                  Supplier<EventAdmin> eventAdmin, Map<String, String> environment) {
        this.container = container;
        this.logs = logs;
        this.publisher = new StatePublisher(eventAdmin);
        AtomicInteger probeThreads = new AtomicInteger();
        // A tiny pool for the blocking part of tcp and http checks (connect, a GET), each bounded by
        // its timeout. Idle threads end, so an idle Capstan keeps none.
        this.probePool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "capstan-probe-" + probeThreads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        probePool.allowCoreThreadTimeOut(true);
        this.pipes = new Pipes(kernel);
        this.launcher = new RunLauncher(kernel, logs, () -> claimants, new ChildEnvironment(environment),
                new Checks(kernel, probePool, loop), loop, pipes, this::isConsumer);
    }

    /** {@code shutdown_timeout}: the deadline of the whole shutdown. */
    public void shutdownTimeout(Duration timeout) {
        this.shutdownTimeout = timeout;
    }

    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    // ---- Supervisor ----

    @Override
    public List<ServiceStatus> services() {
        return loop.call(() -> order().stream().map(SupervisedService::status).toList());
    }

    @Override
    public Optional<ServiceStatus> service(String name) {
        return loop.call(() -> {
            try {
                return Optional.of(find(name).status());
            } catch (SupervisorException e) {
                return Optional.empty();
            }
        });
    }

    @Override
    public CompletionStage<ServiceStatus> start(String name) {
        return command(name, (s, result) -> s.start(result, true));
    }

    @Override
    public CompletionStage<ServiceStatus> stop(String name) {
        return command(name, (s, result) -> {
            if (!s.isActive()) {
                throw new SupervisorException(Fault.NOT_RUNNING, s.spec().fullName() + ": not running");
            }
            forward(s.stop(), result);
        });
    }

    @Override
    public CompletionStage<ServiceStatus> restart(String name) {
        return command(name, SupervisedService::restart);
    }

    @Override
    public void signal(String name, Signal signal) {
        loop.call(() -> {
            find(name).signal(signal);
            return null;
        });
    }

    @Override
    public void sendStdin(String name, byte[] bytes) {
        loop.call(() -> {
            find(name).sendStdin(bytes);
            return null;
        });
    }

    @Override
    public void define(ServiceSpec spec, String origin) {
        if (loop.isShutdown()) {
            throw EngineLoop.closed();
        }
        // Queued, not waited for: ConfigAdmin's thread reads the next definition while the engine
        // takes this one, and whatever is asked of the engine afterwards is queued behind it.
        loop.execute(() -> {
            SupervisedService known = services.get(spec.name());
            if (known != null && removing.remove(known)) {
                // Defined again while a removal stops it (a bundle update, a .cfg rewritten): it
                // stays, and starts again once stopped if it starts by itself.
                LOG.info("{}: defined again while being removed; it stays", spec.fullName());
            }
            if (known == null) {
                SupervisedService added = new SupervisedService(this, spec, origin);
                services.put(spec.name(), added);
                reorder();
                LOG.info("{}: defined ({})", spec.fullName(), origin);
                publisher.defined(spec, true);
                if (spec.autostart()) {
                    added.start(null, false);
                }
                // A pending service may have waited for this name; more may be on their way.
                definitionArrived();
            } else if (known.spec().equals(spec)) {
                known.origin(origin);
            } else {
                publisher.defined(spec, false);
                known.redefine(spec, origin);
                reorder();
            }
        });
    }

    @Override
    public CompletionStage<Void> remove(String name) {
        CompletableFuture<Void> removed = new CompletableFuture<>();
        submit(removed, () -> {
            try {
                SupervisedService s = find(name);
                removing.add(s);
                s.stop().whenCompleteAsync((status, error) -> {
                    if (services.get(s.name()) != s) {
                        removed.complete(null); // an earlier remove of the same service took it
                        return;
                    }
                    if (!removing.remove(s)) {
                        // Defined again while it stopped: it stays, running if it should.
                        if (s.spec().autostart() && !s.isActive()) {
                            s.start(null, false);
                            dependenciesChanged();
                        }
                        removed.complete(null);
                        return;
                    }
                    services.remove(s.name());
                    pipes.release(s.name());
                    reorder();
                    publisher.removed(s.spec());
                    ServiceLogs current = logs.get();
                    if (current != null) {
                        current.forget(s.name());
                    }
                    LOG.info("{}: removed", s.spec().fullName());
                    dependenciesChanged();
                    removed.complete(null);
                }, loop);
            } catch (SupervisorException e) {
                removed.completeExceptionally(e);
            }
        });
        return removed;
    }

    // ---- EngineHealth ----

    @Override
    public boolean responsive(Duration timeout) {
        if (loop.isShutdown()) {
            return false;
        }
        if (loop.inLoop()) {
            return true;
        }
        try {
            heartbeat.next(loop).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public long events() {
        return publisher.posted();
    }

    @Override
    public boolean running() {
        return running;
    }

    /** One no-op at a time on the engine's queue, however many callers wait for it. */
    private static final class Heartbeat implements Runnable {
        private CompletableFuture<Void> beat;

        synchronized CompletableFuture<Void> next(EngineLoop loop) {
            if (beat == null || beat.isDone()) {
                beat = new CompletableFuture<>();
                loop.execute(this);
            }
            return beat;
        }

        @Override
        public synchronized void run() {
            beat.complete(null);
        }
    }

    // ---- shutdown ----

    /**
     * Stops every service in reverse start order within {@code shutdown_timeout} and starts none
     * any more. Idempotent: later calls return the same stage.
     */
    public CompletableFuture<Void> shutdown() {
        return loop.call(() -> {
            if (shutdown == null) {
                publisher.supervisorStopping();
                shutdown = new ShutdownSequence(loop, StartOrder.stopWaves(services.values(), SupervisedService::spec),
                        shutdownTimeout);
                shutdown.begin();
            }
            return shutdown.done();
        });
    }

    /**
     * Shuts down (if that has not happened) and waits for it, at most {@code shutdown_timeout}
     * and a margin for the SIGKILLed to be reaped; a shutdown that overruns is logged, not thrown.
     */
    public void awaitShutdown() {
        Duration wait = shutdownTimeout.plus(CLOSE_MARGIN);
        try {
            shutdown().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.error("services did not stop within {} ms", wait.toMillis());
        } catch (ExecutionException e) {
            LOG.error("stopping the services failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #awaitShutdown}, then ends the engine's threads. */
    @Override
    public void close() {
        try {
            awaitShutdown();
        } finally {
            loop.shutdownNow();
            probePool.shutdownNow();
            pipes.close();
        }
    }

    // ---- ServiceHost ----

    @Override
    public EngineLoop loop() {
        return loop;
    }

    @Override
    public RunLauncher launcher() {
        return launcher;
    }

    @Override
    public StatePublisher publisher() {
        return publisher;
    }

    @Override
    public boolean shuttingDown() {
        return ending || shutdown != null || container.isShuttingDown();
    }

    @Override
    public void dependenciesChanged() {
        if (loop.isShutdown()) {
            return;
        }
        // Coalesced: one pass after the current event, however many changes it made.
        if (!pumpQueued) {
            pumpQueued = true;
            loop.execute(this::pump);
        }
    }

    @Override
    public void endContainer(int exitCode, String why) {
        if (ending) {
            return;
        }
        ending = true;
        LOG.info("{}: Capstan shuts down with exit code {}", why, exitCode);
        container.shutdown(exitCode);
    }

    // ---- inside ----

    /** The logs bundle came or went: services waiting for it may start now. */
    public void logsChanged() {
        dependenciesChanged();
    }

    /**
     * A bundle that takes services' stdin and stdout came: event listeners waiting for it may
     * start now. Thread-safe.
     */
    public void addClaimant(StdioClaimant claimant) {
        claimants.add(claimant);
        dependenciesChanged();
    }

    /** It went: running listeners go on until they end (and wait for a claimant to start again). */
    public void removeClaimant(StdioClaimant claimant) {
        claimants.remove(claimant);
    }

    /** Holds the start pass while a batch of definitions is still coming in (see {@link #SETTLE}). */
    private void definitionArrived() {
        long now = System.nanoTime();
        if (settling == null) {
            settlingSince = now;
        } else if (now - settlingSince < SETTLE_MAX.toNanos()) {
            settling.cancel(false);
        } else {
            return;
        }
        settling = loop.schedule(SETTLE, () -> {
            settling = null;
            dependenciesChanged();
        });
    }

    /** Starts the pending services whose dependencies are satisfied, lowest in start order first. */
    private void pump() {
        pumpQueued = false;
        if (shuttingDown() || settling != null) {
            return;
        }
        if (!launcher.ready()) {
            order().stream().filter(SupervisedService::isPending).forEach(s -> s.waiting(WAITING_FOR_LOGS));
            return;
        }
        if (!running) {
            // The first definitions are in and the first start pass begins: supervisord's RUNNING.
            running = true;
            publisher.supervisorRunning();
        }
        publisher.hold();
        try {
            passes();
        } finally {
            publisher.release();
        }
    }

    /** Launches what the gate opens, again while a pass pulled a stopped dependency in. */
    private void passes() {
        boolean pulled;
        do {
            pulled = false;
            for (SupervisedService s : order()) {
                if (!s.isPending()) {
                    continue;
                }
                Verdict v = DependencyGate.check(s.spec(), services::get);
                switch (v.kind()) {
                    case OPEN -> {
                        if (launcher.canLaunch(s.spec())) {
                            s.launch();
                        } else {
                            s.waiting(WAITING_FOR_EVENTS);
                        }
                    }
                    case WAIT -> {
                        s.waiting(v.reason());
                        for (String name : v.pull()) {
                            pulled |= services.get(name).pull();
                        }
                    }
                    case BLOCKED -> s.blocked(v.reason());
                }
            }
        } while (pulled);
    }

    /**
     * A batch of definitions (a file of 1000 services) changes the set once per service: sorting
     * on each change made the batch quadratic, so the order is sorted, and the consumers are
     * collected, when next read.
     */
    private void reorder() {
        order = null;
        consumers = null;
    }

    private List<SupervisedService> order() {
        if (order == null) {
            order = StartOrder.sort(services.values(), SupervisedService::spec);
        }
        return order;
    }

    /**
     * Whether a service of the set writes into {@code name}'s stdin ({@code producer_for}). Asked
     * at every launch: a scan of the set each time made starting the set quadratic.
     */
    private boolean isConsumer(String name) {
        if (consumers == null) {
            consumers = new HashSet<>();
            for (SupervisedService s : services.values()) {
                if (s.spec().producerFor() != null) {
                    consumers.add(s.spec().producerFor());
                }
            }
        }
        return consumers.contains(name);
    }

    /** A process name ({@code web}) or a full name ({@code group:web}). */
    private SupervisedService find(String name) {
        SupervisedService s = services.get(name);
        int colon = name.indexOf(':');
        if (s == null && colon > 0) {
            s = services.get(name.substring(colon + 1));
            if (s != null && !s.spec().group().equals(name.substring(0, colon))) {
                s = null;
            }
        }
        if (s == null) {
            throw new SupervisorException(Fault.BAD_NAME, "no such service: " + name);
        }
        return s;
    }

    private interface Command {
        void run(SupervisedService service, CompletableFuture<ServiceStatus> result);
    }

    private CompletionStage<ServiceStatus> command(String name, Command command) {
        CompletableFuture<ServiceStatus> result = new CompletableFuture<>();
        submit(result, () -> {
            try {
                command.run(find(name), result);
            } catch (SupervisorException e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    /** Runs a command on the engine thread; a closed engine fails it at once instead of dropping it. */
    private void submit(CompletableFuture<?> result, Runnable task) {
        if (loop.isShutdown()) {
            result.completeExceptionally(EngineLoop.closed());
        } else {
            loop.execute(task);
        }
    }

    private static <T> void forward(CompletableFuture<T> from, CompletableFuture<T> to) {
        from.whenComplete((value, error) -> {
            if (error != null) {
                to.completeExceptionally(error);
            } else {
                to.complete(value);
            }
        });
    }
}
