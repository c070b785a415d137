package dev.capstan.testing;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.process.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A Supervisor that stands in for the engine (another bundle) in the tests of those that call it:
 * holds the statuses it is given or the specs defined on it, moves them between RUNNING and
 * STOPPED as start and stop ask, records every call ("start web"), and fails a call with the
 * fault set for it in {@link #failures}. Thread-safe: a caller may be ConfigAdmin's update thread.
 */
public final class ScriptedSupervisor implements Supervisor {
    /** Calls in order, as "verb fullname" ("signal HUP web" for signals). */
    public final List<String> calls = Collections.synchronizedList(new ArrayList<>());
    /** "start web" → SPAWN_ERROR makes that call fail. */
    public final Map<String, Fault> failures = new ConcurrentHashMap<>();
    private final Map<String, ServiceStatus> services = new LinkedHashMap<>();
    private int nextPid = 1000;
    /** How many of {@link #calls} {@link #next} has handed out. */
    private int read;

    public synchronized ScriptedSupervisor add(ServiceStatus status) {
        services.put(status.fullName(), status);
        return this;
    }

    /** A service with default settings in a state; a running one gets a pid. */
    public static ServiceStatus status(String fullName, ServiceState state) {
        return status(fullName, state, 999);
    }

    public static ServiceStatus status(String fullName, ServiceState state, int priority) {
        int colon = fullName.indexOf(':');
        String name = colon < 0 ? fullName : fullName.substring(colon + 1);
        ServiceSpec spec = ServiceSpec.builder(name, List.of("/bin/sleep", "1000"))
                .group(colon < 0 ? name : fullName.substring(0, colon)).priority(priority).build();
        boolean up = state.isRunning();
        Instant now = Instant.now();
        return new ServiceStatus(spec, "test", state, up ? 4242 : 0, now, up ? now : null, state == ServiceState.RUNNING,
                null, 0, "", 0, 0);
    }

    /**
     * The next call not yet taken, waiting up to 10 s for it: for a caller on another thread,
     * whose calls come in the order it made them.
     */
    public synchronized String next() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (read == calls.size()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no call to the supervisor within 10 s");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return calls.get(read++);
    }

    /** The specs defined and not removed, by service name. */
    public synchronized Map<String, ServiceSpec> defined() {
        Map<String, ServiceSpec> specs = new LinkedHashMap<>();
        for (ServiceStatus s : services.values()) {
            specs.put(s.name(), s.spec());
        }
        return specs;
    }

    /** Where each service's definition came from, by service name. */
    public synchronized Map<String, String> origins() {
        Map<String, String> origins = new LinkedHashMap<>();
        for (ServiceStatus s : services.values()) {
            origins.put(s.name(), s.origin());
        }
        return origins;
    }

    @Override
    public synchronized List<ServiceStatus> services() {
        return new ArrayList<>(services.values());
    }

    @Override
    public synchronized Optional<ServiceStatus> service(String name) {
        for (ServiceStatus s : services.values()) {
            if (s.fullName().equals(name) || s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public CompletionStage<ServiceStatus> start(String name) {
        return act("start", name, s -> {
            if (isActive(s)) {
                throw new SupervisorException(Fault.ALREADY_STARTED, name);
            }
            return moved(s, ServiceState.RUNNING, nextPid++);
        });
    }

    @Override
    public CompletionStage<ServiceStatus> stop(String name) {
        return act("stop", name, s -> {
            if (!isActive(s)) {
                throw new SupervisorException(Fault.NOT_RUNNING, name);
            }
            return moved(s, ServiceState.STOPPED, 0);
        });
    }

    @Override
    public CompletionStage<ServiceStatus> restart(String name) {
        return act("restart", name, s -> moved(s, ServiceState.RUNNING, nextPid++));
    }

    @Override
    public void signal(String name, Signal signal) {
        act("signal " + signal.name(), name, s -> {
            if (!isActive(s)) {
                throw new SupervisorException(Fault.NOT_RUNNING, name);
            }
            return s;
        }).toCompletableFuture().join();
    }

    @Override
    public void sendStdin(String name, byte[] bytes) {
        act("stdin " + bytes.length, name, s -> {
            if (!isActive(s)) {
                throw new SupervisorException(Fault.NOT_RUNNING, name);
            }
            return s;
        }).toCompletableFuture().join();
    }

    /** Keeps the spec, as a STOPPED service; a spec of the same name replaces the one before. */
    @Override
    public synchronized void define(ServiceSpec spec, String origin) {
        record("define " + spec.fullName());
        services.values().removeIf(s -> s.name().equals(spec.name()));
        services.put(spec.fullName(), new ServiceStatus(spec, origin, ServiceState.STOPPED, 0, Instant.now(), null,
                false, null, 0, "", 0, 0));
    }

    @Override
    public CompletionStage<Void> remove(String name) {
        return act("remove", name, s -> {
            services.remove(s.fullName());
            return s;
        }).thenApply(s -> null);
    }

    private interface Action {
        ServiceStatus apply(ServiceStatus s);
    }

    private synchronized CompletableFuture<ServiceStatus> act(String verb, String name, Action action) {
        ServiceStatus s = service(name).orElse(null);
        record(verb + " " + (s == null ? name : s.fullName()));
        Fault fault = failures.get(verb + " " + (s == null ? name : s.fullName()));
        try {
            if (s == null) {
                throw new SupervisorException(Fault.BAD_NAME, name);
            }
            if (fault != null) {
                throw new SupervisorException(fault, name + ": " + fault);
            }
            return CompletableFuture.completedFuture(action.apply(s));
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private synchronized void record(String call) {
        calls.add(call);
        notifyAll();
    }

    private ServiceStatus moved(ServiceStatus s, ServiceState state, int pid) {
        ServiceStatus m = new ServiceStatus(s.spec(), s.origin(), state, pid, Instant.now(),
                pid != 0 ? Instant.now() : s.startedAt(), state == ServiceState.RUNNING, s.lastExit(), 0, "", s.restarts(), s.spawnFailures());
        services.put(m.fullName(), m);
        return m;
    }

    private static boolean isActive(ServiceStatus s) {
        return s.state() == ServiceState.STARTING || s.state() == ServiceState.RUNNING || s.state() == ServiceState.BACKOFF;
    }
}
