package dev.capstan.engine.order;

import dev.capstan.api.Dependency;
import dev.capstan.api.ServiceSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The order services start in and, reversed, stop in.
 *
 * <p>Each service gets a rank: its effective priority (its own, raised to that of anything it
 * depends on, since it cannot start before them), then its depth among the services of that
 * priority (1 + the depth of the deepest dependency of the same effective priority), then its
 * name. Services of equal effective priority and depth form one stop wave: they stop together,
 * and the next wave waits for them.
 */
public final class StartOrder<T> {

    /** Effective priority and depth: services with equal ranks stop in parallel. */
    record Rank(int priority, int depth) implements Comparable<Rank> {
        @Override
        public int compareTo(Rank o) {
            int c = Integer.compare(priority, o.priority);
            return c != 0 ? c : Integer.compare(depth, o.depth);
        }
    }

    private final Map<String, T> byName = new HashMap<>();
    private final Function<T, ServiceSpec> spec;
    private final Map<String, Rank> ranks = new HashMap<>();

    private StartOrder(Collection<T> items, Function<T, ServiceSpec> spec) {
        this.spec = spec;
        for (T t : items) {
            byName.put(spec.apply(t).name(), t);
        }
        for (String name : byName.keySet()) {
            rank(name, new HashSet<>());
        }
    }

    /** The items in start order: rank, then name. */
    public static <T> List<T> sort(Collection<T> items, Function<T, ServiceSpec> spec) {
        StartOrder<T> order = new StartOrder<>(items, spec);
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing((T t) -> order.ranks.get(spec.apply(t).name()))
                .thenComparing(t -> spec.apply(t).name()));
        return sorted;
    }

    /** The items in stop waves: the last to start stop first; each wave stops in parallel. */
    public static <T> List<List<T>> stopWaves(Collection<T> items, Function<T, ServiceSpec> spec) {
        StartOrder<T> order = new StartOrder<>(items, spec);
        TreeMap<Rank, List<T>> waves = new TreeMap<>(Comparator.reverseOrder());
        for (T t : items) {
            waves.computeIfAbsent(order.ranks.get(spec.apply(t).name()), r -> new ArrayList<>()).add(t);
        }
        return new ArrayList<>(waves.values());
    }

    private Rank rank(String name, Set<String> visiting) {
        Rank known = ranks.get(name);
        if (known != null) {
            return known;
        }
        T item = byName.get(name);
        if (item == null || !visiting.add(name)) {
            // Unknown names and cycles add nothing: the gate reports them, the order must not loop.
            return null;
        }
        ServiceSpec s = spec.apply(item);
        List<Rank> deps = new ArrayList<>();
        int priority = s.priority();
        for (Dependency d : s.dependsOn()) {
            Rank r = rank(d.name(), visiting);
            if (r != null) {
                deps.add(r);
                priority = Math.max(priority, r.priority());
            }
        }
        int depth = 0;
        for (Rank r : deps) {
            if (r.priority() == priority) {
                depth = Math.max(depth, r.depth() + 1);
            }
        }
        visiting.remove(name);
        Rank rank = new Rank(priority, depth);
        ranks.put(name, rank);
        return rank;
    }
}
