package dev.capstan.engine.order;

import dev.capstan.api.Dependency;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.Function;

/**
 * The {@code depends_on} rules: a bare name waits until the other service is RUNNING, {@code :ready}
 * until it is ready, {@code :done} until it ended with an expected exit code (a completed oneshot),
 * {@code :settled} until it got there or gave up (what the container's CMD waits for).
 * A oneshot satisfies any condition only once done: it exists for what it leaves behind, so a
 * bare {@code depends_on = init} means "after init completed", as in s6-rc.
 */
public final class DependencyGate {

    private DependencyGate() {
    }

    /** @param lookup a service by name, or null when no service has that name */
    public static Verdict check(ServiceSpec spec, Function<String, ? extends DependencyNode> lookup) {
        StringJoiner waiting = new StringJoiner(", ", "waiting for ", "");
        List<String> pull = new ArrayList<>();
        boolean waits = false;
        for (Dependency d : spec.dependsOn()) {
            DependencyNode node = lookup.apply(d.name());
            if (node == null) {
                // Services may arrive one by one through ConfigAdmin: the name may be defined later.
                waiting.add(d + " (not defined)");
                waits = true;
                continue;
            }
            if (satisfied(d.condition(), node)) {
                continue;
            }
            if (node.state() == ServiceState.FATAL) {
                return new Verdict(Verdict.Kind.BLOCKED, "dependency " + d.name() + " is FATAL", List.of());
            }
            String cycle = cycleThrough(spec.name(), d.name(), lookup);
            if (cycle != null) {
                return new Verdict(Verdict.Kind.BLOCKED, "dependency cycle " + cycle, List.of());
            }
            if (node.state().isStopped() && !node.isPending()) {
                pull.add(d.name());
            }
            waiting.add(d.toString());
            waits = true;
        }
        return waits ? new Verdict(Verdict.Kind.WAIT, waiting.toString(), pull) : Verdict.OPEN;
    }

    static boolean satisfied(Dependency.Condition condition, DependencyNode node) {
        if (node.isDone()) {
            return true;
        }
        if (condition == Dependency.Condition.SETTLED) {
            return settled(node);
        }
        if (node.spec().type() == ServiceType.ONESHOT) {
            return false;
        }
        return switch (condition) {
            case RUNNING -> node.state() == ServiceState.RUNNING;
            case READY -> node.isReady();
            case DONE, SETTLED -> false;
        };
    }

    /** No longer on its way up: there (ready), or given up (FATAL, ended, stopped and not wanted). */
    private static boolean settled(DependencyNode node) {
        if (node.isReady()) {
            return true;
        }
        return switch (node.state()) {
            case FATAL, EXITED -> true;
            case STOPPED -> !node.isPending();
            default -> false;
        };
    }

    /** The path {@code from -> first -> ... -> from} when {@code first} leads back, else null. */
    private static String cycleThrough(String from, String first, Function<String, ? extends DependencyNode> lookup) {
        Deque<List<String>> paths = new ArrayDeque<>();
        paths.add(List.of(from, first));
        Set<String> seen = new HashSet<>();
        while (!paths.isEmpty()) {
            List<String> path = paths.poll();
            String last = path.get(path.size() - 1);
            if (last.equals(from)) {
                return String.join(" -> ", path);
            }
            DependencyNode node = lookup.apply(last);
            if (node == null || !seen.add(last)) {
                continue;
            }
            for (Dependency d : node.spec().dependsOn()) {
                List<String> next = new ArrayList<>(path);
                next.add(d.name());
                paths.add(next);
            }
        }
        return null;
    }
}
