package dev.capstan.shell;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.SupervisorException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * Runs one Supervisor request per service a priority level at a time: the services of one level
 * together, the next level once they are all done. So {@code start all} keeps supervisord's order
 * (lower priority first; {@code stop} the reverse) without waiting for services one by one.
 */
final class PriorityWaves {

    /** How one service's request ended: {@code failure} is null when it succeeded. */
    record Outcome(ServiceStatus service, SupervisorException failure) {
        boolean ok() {
            return failure == null;
        }
    }

    private PriorityWaves() {
    }

    /**
     * @param request called with each service's full name
     * @return one outcome per target, in the targets' order
     * @throws InterruptedException when the command is cancelled; requests already made go on
     */
    static List<Outcome> run(List<ServiceStatus> targets, boolean ascending,
            Function<String, ? extends CompletionStage<?>> request) throws InterruptedException {
        NavigableMap<Integer, List<ServiceStatus>> levels = new TreeMap<>();
        for (ServiceStatus s : targets) {
            levels.computeIfAbsent(s.spec().priority(), p -> new ArrayList<>()).add(s);
        }
        Map<ServiceStatus, SupervisorException> failures = new HashMap<>();
        for (List<ServiceStatus> level : (ascending ? levels : levels.descendingMap()).values()) {
            List<CompletableFuture<?>> pending = new ArrayList<>();
            for (ServiceStatus s : level) {
                pending.add(call(request, s.fullName()));
            }
            for (int i = 0; i < level.size(); i++) {
                failures.put(level.get(i), await(pending.get(i)));
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (ServiceStatus s : targets) {
            outcomes.add(new Outcome(s, failures.get(s)));
        }
        return outcomes;
    }

    /** Waits for one request; its failure as a fault, or null. */
    private static SupervisorException await(CompletionStage<?> stage) throws InterruptedException {
        try {
            stage.toCompletableFuture().get();
            return null;
        } catch (ExecutionException e) {
            return asFault(e.getCause());
        }
    }

    /** A failure as a fault: the engine's own, or FAILED with what went wrong. */
    static SupervisorException asFault(Throwable t) {
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return t instanceof SupervisorException se ? se : new SupervisorException(Fault.FAILED, String.valueOf(t));
    }

    private static CompletableFuture<?> call(Function<String, ? extends CompletionStage<?>> request, String name) {
        try {
            return request.apply(name).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
