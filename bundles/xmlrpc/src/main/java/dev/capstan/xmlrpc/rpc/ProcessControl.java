package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.process.Signal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starting, stopping and signalling, with supervisord's checks, faults and {@code wait}
 * semantics: a start with wait answers once the process is RUNNING (and, in Capstan, ready), a
 * stop once it is in a stopped state. Group and all variants answer an array of
 * {name, group, status, description}, failures first as supervisord's do; they go a priority level
 * at a time, as Capstan's own start and stop do (docs/control.md), lowest first for a start and
 * highest first for a stop. Runs on the caller's connection thread, which it blocks while it
 * waits. Thread-safe.
 */
final class ProcessControl {

    /** How often a waiting call looks whether its client is still there. */
    private static final long POLL_MILLIS = 250;

    private final Supervisor supervisor;
    private final ProcessTable table;

    ProcessControl(Supervisor supervisor, ProcessTable table) {
        this.supervisor = supervisor;
        this.table = table;
    }

    // ---- start ----

    /** {@code startProcess}: true, or for {@code group:*} the group's results. */
    Object startProcess(String name, boolean wait, Caller caller) {
        String group = groupOf(name);
        if (group != null) {
            return startGroup(group, wait, caller);
        }
        ServiceStatus s = table.process(name);
        checkStart(s, name);
        CompletionStage<ServiceStatus> started = start(s);
        if (wait) {
            SupervisorException failure = await(started, caller);
            if (failure != null) {
                throw startFailure(failure, s, name);
            }
        }
        return Boolean.TRUE;
    }

    List<Map<String, Object>> startGroup(String group, boolean wait, Caller caller) {
        return startAll(table.group(group), wait, caller);
    }

    /** {@code startAllProcesses}, and the rest of a group start: those not already running. */
    List<Map<String, Object>> startAll(List<ServiceStatus> processes, boolean wait, Caller caller) {
        List<Map<String, Object>> results = new ArrayList<>();
        List<ServiceStatus> launch = new ArrayList<>();
        for (ServiceStatus s : processes) {
            if (isRunning(s.state())) {
                continue;
            }
            try {
                checkStart(s, ProcessTable.namespec(s));
                launch.add(s);
            } catch (RpcFault f) {
                results.add(result(s, f.code(), f.text()));
            }
        }
        results.addAll(inWaves(launch, true, wait, caller));
        return results;
    }

    /** supervisord's checks before it spawns: the command, then the state. */
    private static void checkStart(ServiceStatus s, String name) {
        CommandCheck.check(s.spec());
        if (isRunning(s.state())) {
            throw RpcFault.of(Fault.ALREADY_STARTED, name);
        }
        if (s.state() == ServiceState.UNKNOWN) {
            throw RpcFault.of(Fault.FAILED, name + " is in an unknown process state");
        }
    }

    // ---- stop ----

    Object stopProcess(String name, boolean wait, Caller caller) {
        String group = groupOf(name);
        if (group != null) {
            return stopGroup(group, wait, caller);
        }
        ServiceStatus s = table.process(name);
        if (!isRunning(s.state())) {
            throw RpcFault.of(Fault.NOT_RUNNING, name);
        }
        CompletionStage<ServiceStatus> stopped = stop(s);
        if (wait) {
            SupervisorException failure = await(stopped, caller);
            if (failure != null) {
                throw translate(failure, name);
            }
        }
        return Boolean.TRUE;
    }

    List<Map<String, Object>> stopGroup(String group, boolean wait, Caller caller) {
        return stopAll(table.group(group), wait, caller);
    }

    /** {@code stopAllProcesses}, and a group's stop: those running. */
    List<Map<String, Object>> stopAll(List<ServiceStatus> processes, boolean wait, Caller caller) {
        List<ServiceStatus> running = new ArrayList<>();
        for (ServiceStatus s : processes) {
            if (isRunning(s.state())) {
                running.add(s);
            }
        }
        return inWaves(running, false, wait, caller);
    }

    // ---- signal ----

    /** {@code signalProcess}: true, or for {@code group:*} the group's results. */
    Object signalProcess(String name, Object signal) {
        String group = groupOf(name);
        if (group != null) {
            return signalAll(table.group(group), signal);
        }
        ServiceStatus s = table.process(name);
        signalOne(s, name, signal);
        return Boolean.TRUE;
    }

    /** {@code signalProcessGroup} and {@code signalAllProcesses}: those that have a process. */
    List<Map<String, Object>> signalAll(List<ServiceStatus> processes, Object signal) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (ServiceStatus s : processes) {
            if (!isSignallable(s.state())) {
                continue;
            }
            try {
                signalOne(s, ProcessTable.namespec(s), signal);
                results.add(result(s, RpcFault.SUCCESS, "OK"));
            } catch (RpcFault f) {
                results.add(result(s, f.code(), f.text()));
            }
        }
        return results;
    }

    private void signalOne(ServiceStatus s, String name, Object value) {
        Signal signal = signal(value);
        if (!isSignallable(s.state())) {
            throw RpcFault.of(Fault.NOT_RUNNING, name);
        }
        try {
            supervisor.signal(s.fullName(), signal);
        } catch (SupervisorException e) {
            throw translate(e, name);
        }
    }

    /** supervisord's {@code signal_number}: a number, or a name with or without SIG. */
    static Signal signal(Object value) {
        Long number = Args.integerOrNull(value);
        try {
            if (number != null) {
                return Signal.of((int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, number)));
            }
            if (value instanceof String s) {
                return Signal.parse(s);
            }
        } catch (IllegalArgumentException e) {
            // the fault below
        }
        throw RpcFault.of(Fault.BAD_SIGNAL, String.valueOf(value));
    }

    // ---- waiting ----

    /**
     * Sends one request per process, a priority level at a time when waiting; the results in
     * the processes' order.
     */
    private List<Map<String, Object>> inWaves(List<ServiceStatus> processes, boolean start, boolean wait,
            Caller caller) {
        Map<ServiceStatus, Map<String, Object>> outcomes = new LinkedHashMap<>();
        NavigableMap<Integer, List<ServiceStatus>> levels = new TreeMap<>();
        for (ServiceStatus s : processes) {
            outcomes.put(s, null);
            List<ServiceStatus> level = levels.get(s.spec().priority());
            if (level == null) {
                level = new ArrayList<>();
                levels.put(s.spec().priority(), level);
            }
            level.add(s);
        }
        for (List<ServiceStatus> level : (start ? levels : levels.descendingMap()).values()) {
            List<CompletionStage<ServiceStatus>> pending = new ArrayList<>(level.size());
            for (ServiceStatus s : level) {
                pending.add(start ? start(s) : stop(s));
            }
            for (int i = 0; i < level.size(); i++) {
                ServiceStatus s = level.get(i);
                SupervisorException failure = wait ? await(pending.get(i), caller) : null;
                if (failure == null) {
                    outcomes.put(s, result(s, RpcFault.SUCCESS, "OK"));
                } else {
                    String name = ProcessTable.namespec(s);
                    RpcFault f = start ? startFailure(failure, s, name) : translate(failure, name);
                    outcomes.put(s, result(s, f.code(), f.text()));
                }
            }
        }
        return new ArrayList<>(outcomes.values());
    }

    private CompletionStage<ServiceStatus> start(ServiceStatus s) {
        try {
            return supervisor.start(s.fullName());
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletionStage<ServiceStatus> stop(ServiceStatus s) {
        try {
            return supervisor.stop(s.fullName());
        } catch (SupervisorException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Waits for a request to end; its failure, or null when it succeeded.
     *
     * @throws CallerGoneException when the client left before it ended
     */
    private static SupervisorException await(CompletionStage<?> stage, Caller caller) {
        CompletableFuture<?> future = stage.toCompletableFuture();
        while (true) {
            try {
                future.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                return null;
            } catch (TimeoutException e) {
                if (caller.gone()) {
                    throw new CallerGoneException();
                }
            } catch (ExecutionException e) {
                Throwable t = e.getCause();
                while (t instanceof CompletionException && t.getCause() != null) {
                    t = t.getCause();
                }
                return t instanceof SupervisorException se ? se : new SupervisorException(Fault.FAILED, String.valueOf(t));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CallerGoneException();
            }
        }
    }

    /**
     * A failed start: SPAWN_ERROR when the process ended up in BACKOFF or FATAL (it could not be
     * spawned, or it exited before startsecs), as supervisord's spawnerr makes it; else as
     * {@link #translate}, e.g. ABNORMAL_TERMINATION for a start that a stop cut short.
     */
    private RpcFault startFailure(SupervisorException e, ServiceStatus s, String name) {
        if (e.fault() == Fault.ABNORMAL_TERMINATION) {
            Optional<ServiceStatus> now = supervisor.service(s.fullName());
            if (now.isPresent() && (now.get().state() == ServiceState.BACKOFF || now.get().state() == ServiceState.FATAL)) {
                return RpcFault.of(Fault.SPAWN_ERROR, name);
            }
        }
        return translate(e, name);
    }

    /** A Supervisor failure as supervisord words it for {@code name}. */
    static RpcFault translate(SupervisorException e, String name) {
        return switch (e.fault()) {
            case SHUTDOWN_STATE -> RpcFault.of(Fault.SHUTDOWN_STATE, null);
            case FAILED, NO_FILE, NOT_EXECUTABLE -> RpcFault.of(e.fault(), e.getMessage());
            default -> RpcFault.of(e.fault(), name);
        };
    }

    /** A member of a group's results. */
    static Map<String, Object> result(ServiceStatus s, int status, String description) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", s.name());
        r.put("group", s.spec().group());
        r.put("status", status);
        r.put("description", description);
        return r;
    }

    /** For {@code group:} and {@code group:*}, the group; else null. BAD_NAME with the whole name for an unknown group. */
    private String groupOf(String name) {
        String group = ProcessTable.wholeGroup(name);
        if (group != null) {
            try {
                table.group(group);
            } catch (RpcFault f) {
                throw RpcFault.of(Fault.BAD_NAME, name);
            }
        }
        return group;
    }

    /** supervisord's RUNNING_STATES. */
    static boolean isRunning(ServiceState state) {
        return state == ServiceState.STARTING || state == ServiceState.RUNNING || state == ServiceState.BACKOFF;
    }

    /** supervisord's SIGNALLABLE_STATES. */
    static boolean isSignallable(ServiceState state) {
        return state == ServiceState.STARTING || state == ServiceState.RUNNING || state == ServiceState.STOPPING;
    }
}
