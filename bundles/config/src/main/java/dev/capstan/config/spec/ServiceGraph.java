package dev.capstan.config.spec;

import dev.capstan.api.Dependency;
import dev.capstan.api.ServiceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeSet;

/**
 * The services of one configuration as a whole: names are unique, every {@code depends_on} names
 * a service or a group of this configuration, there is no cycle; and the start order, which is
 * the order their configurations are published in so the engine sees them that way.
 */
public final class ServiceGraph {

    private ServiceGraph() {
    }

    /**
     * Start order: a service comes after everything it depends on; among the services free to
     * start, lower priority first, then by full name.
     *
     * @throws ConfigException for a duplicate name, an unknown dependency or a cycle
     */
    public static List<ParsedService> startOrder(List<ParsedService> services) {
        return startOrder(services, false);
    }

    /**
     * Start order of a part of the whole set, such as one service bundle's services: a
     * dependency may name a service that another bundle or file defines (the engine waits for
     * it), so only names, cycles within the part and the order are checked.
     */
    public static List<ParsedService> startOrderOfPart(List<ParsedService> services) {
        return startOrder(services, true);
    }

    private static List<ParsedService> startOrder(List<ParsedService> services, boolean definedElsewhere) {
        Map<String, ParsedService> byName = new LinkedHashMap<>();
        for (ParsedService s : services) {
            ParsedService earlier = byName.putIfAbsent(s.spec().name(), s);
            if (earlier != null) {
                throw new ConfigException(s.values().origin(), s.spec().name(),
                        "a service of that name is already defined at " + earlier.values().origin());
            }
        }
        Map<String, List<ParsedService>> byReference = byReference(services);
        Map<String, Set<ParsedService>> edges = new LinkedHashMap<>();
        for (ParsedService s : services) {
            edges.put(s.spec().name(), prerequisites(s, services, byReference, definedElsewhere));
        }
        rejectCycles(services, edges);
        return sort(services, edges);
    }

    /**
     * The services each {@code depends_on} word names, in the order of the list: by name, full name
     * or group. Looked up, since searching the whole list for each dependency made a file of many
     * services with dependencies quadratic.
     */
    private static Map<String, List<ParsedService>> byReference(List<ParsedService> services) {
        Map<String, List<ParsedService>> byReference = new HashMap<>();
        for (ParsedService s : services) {
            ServiceSpec spec = s.spec();
            for (String reference : new LinkedHashSet<>(List.of(spec.name(), spec.fullName(), spec.group()))) {
                byReference.computeIfAbsent(reference, k -> new ArrayList<>()).add(s);
            }
        }
        return byReference;
    }

    /** What a service waits for: each dependency is a service (name or full name) or all of a group. */
    private static Set<ParsedService> prerequisites(ParsedService s, List<ParsedService> all,
            Map<String, List<ParsedService>> byReference, boolean definedElsewhere) {
        Set<ParsedService> result = new LinkedHashSet<>();
        for (Dependency d : s.spec().dependsOn()) {
            List<ParsedService> matches = byReference.getOrDefault(d.name(), List.of());
            if (matches.isEmpty() && !definedElsewhere) {
                Set<String> known = new TreeSet<>();
                all.forEach(o -> {
                    known.add(o.spec().name());
                    known.add(o.spec().group());
                });
                String problem = "no service or group named " + d.name()
                        + KeySuggestion.closest(d.name(), known).map(c -> ", did you mean " + c + "?").orElse("");
                throw new ConfigException(s.values().location("depends_on"),
                        "depends_on=" + s.values().get("depends_on"), problem);
            }
            result.addAll(matches);
        }
        return result;
    }

    private static void rejectCycles(List<ParsedService> services, Map<String, Set<ParsedService>> edges) {
        Map<String, Integer> state = new HashMap<>(); // absent: new, 1: on the path, 2: done
        for (ParsedService s : services) {
            List<ParsedService> path = new ArrayList<>();
            visit(s, edges, state, path);
        }
    }

    private static void visit(ParsedService s, Map<String, Set<ParsedService>> edges, Map<String, Integer> state,
            List<ParsedService> path) {
        String name = s.spec().name();
        Integer st = state.get(name);
        if (st != null && st == 2) {
            return;
        }
        path.add(s);
        if (st != null && st == 1) {
            List<ParsedService> cycle = path.subList(path.indexOf(s), path.size());
            List<String> names = new ArrayList<>();
            cycle.forEach(c -> names.add(c.spec().fullName()));
            throw new ConfigException(s.values().location("depends_on"), "depends_on",
                    "dependency cycle: " + String.join(" -> ", names));
        }
        state.put(name, 1);
        for (ParsedService next : edges.get(name)) {
            visit(next, edges, state, path);
        }
        path.remove(path.size() - 1);
        state.put(name, 2);
    }

    private static List<ParsedService> sort(List<ParsedService> services, Map<String, Set<ParsedService>> edges) {
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<ParsedService>> dependents = new HashMap<>();
        for (ParsedService s : services) {
            waiting.put(s.spec().name(), edges.get(s.spec().name()).size());
            for (ParsedService p : edges.get(s.spec().name())) {
                dependents.computeIfAbsent(p.spec().name(), k -> new ArrayList<>()).add(s);
            }
        }
        PriorityQueue<ParsedService> free = new PriorityQueue<>(Comparator
                .comparingInt((ParsedService s) -> s.spec().priority())
                .thenComparing(s -> s.spec().fullName()));
        services.stream().filter(s -> waiting.get(s.spec().name()) == 0).forEach(free::add);
        List<ParsedService> order = new ArrayList<>();
        while (!free.isEmpty()) {
            ParsedService next = free.poll();
            order.add(next);
            for (ParsedService d : dependents.getOrDefault(next.spec().name(), List.of())) {
                if (waiting.merge(d.spec().name(), -1, Integer::sum) == 0) {
                    free.add(d);
                }
            }
        }
        return order;
    }
}
