package dev.capstan.config.s6;

import dev.capstan.api.Dependency.Condition;
import dev.capstan.config.s6.Definition.Kind;
import dev.capstan.config.s6.Definition.Reference;
import dev.capstan.config.s6.Definition.Source;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.KeySuggestion;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The services of a tree as one graph, resolved as s6-rc-compile and s6-overlay resolve it:
 * bundles expand to the atomic services they hold, s6-overlay's own names ({@code base},
 * {@code legacy-cont-init}, {@code legacy-services}, {@code user}, {@code user2}, {@code top})
 * stand for what they stand for there, every name must exist, and there is no cycle. What
 * {@code top} reaches starts at boot, as {@code s6-rc -u change top} starts it.
 */
final class S6Graph {

    /** One dependency of an atomic service: on what, until what, and the reference that made it. */
    record Edge(Definition to, Condition condition, Reference via) {
    }

    /** A bundle's member, with the condition a dependency on it through the bundle waits for. */
    private record Member(String name, Condition condition, Reference via) {
    }

    /** s6-overlay's own services: defining one of these is a duplicate definition, as in s6-rc-compile. */
    static final Set<String> OVERLAY_NAMES = Set.of("base", "fix-attrs", "legacy-cont-init", "legacy-services", "top");

    private final Map<String, Definition> atomics = new LinkedHashMap<>();
    private final Map<String, List<Member>> bundles = new HashMap<>();
    private final Map<String, Definition> bundleDefinitions = new HashMap<>();
    private final Map<Definition, List<Edge>> edges = new LinkedHashMap<>();
    private final Set<Definition> autostart = new LinkedHashSet<>();
    private final TreeProblems problems;

    private S6Graph(TreeProblems problems) {
        this.problems = problems;
    }

    /**
     * @param s6rc     the s6-rc definitions (services and bundles)
     * @param contInit the cont-init.d scripts, in the order they run
     * @param services the services.d longruns and their loggers
     * @param legacyCondition what waiting for {@code legacy-services} waits for (S6_CMD_WAIT_FOR_SERVICES)
     */
    static S6Graph resolve(List<Definition> s6rc, List<Definition> contInit, List<Definition> services,
            List<Definition> contFinish, Condition legacyCondition, TreeProblems problems) {
        S6Graph g = new S6Graph(problems);
        for (Definition d : s6rc) {
            g.add(d);
        }
        for (List<Definition> legacy : List.of(contInit, services, contFinish)) {
            for (Definition d : legacy) {
                g.add(d);
            }
        }
        for (String empty : List.of("fix-attrs", "s6rc-oneshot-runner", "s6rc-fdholder")) {
            g.bundles.put(empty, List.of());
        }
        g.bundles.put("legacy-cont-init", members(contInit, Condition.DONE));
        g.bundles.put("legacy-services", members(services, legacyCondition));
        g.bundles.put("base", List.of(overlay("fix-attrs"), overlay("legacy-cont-init")));
        g.bundles.putIfAbsent("user", List.of());
        g.bundles.putIfAbsent("user2", List.of());
        g.bundles.put("top", List.of(overlay("base"), overlay("user"), overlay("legacy-services"), overlay("user2")));
        g.pipelines(s6rc);
        for (Definition d : g.atomics.values()) {
            g.edges.put(d, g.edgesOf(d, contInit));
        }
        if (problems.isEmpty()) {
            g.rejectCycles();
            g.autostart(contFinish);
        }
        return g;
    }

    private static Member overlay(String name) {
        return new Member(name, null, new Reference(name, Location.of("s6-overlay's " + name)));
    }

    private static List<Member> members(List<Definition> definitions, Condition condition) {
        List<Member> members = new ArrayList<>();
        for (Definition d : definitions) {
            members.add(new Member(d.name, condition, new Reference(d.name, d.where())));
        }
        return members;
    }

    private void add(Definition d) {
        if (d.name.startsWith("s6rc-") || d.name.startsWith("s6-rc-")) {
            problems.add(new ConfigException(d.where(), d.name, "starts with a prefix s6-rc reserves (s6rc-, s6-rc-)"));
            return;
        }
        if (OVERLAY_NAMES.contains(d.name)) {
            problems.add(new ConfigException(d.where(), d.name, "defined by s6-overlay itself; choose another name"));
            return;
        }
        try {
            Values.name(d.name);
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigException(d.where(), d.name, "not a name Capstan can use: " + e.getMessage()));
            return;
        }
        Definition earlier = atomics.containsKey(d.name) ? atomics.get(d.name) : bundleDefinitions.get(d.name);
        if (earlier != null) {
            problems.add(new ConfigException(d.where(), d.name, "also defined at " + earlier.path));
            return;
        }
        if (d.kind == Kind.BUNDLE) {
            bundleDefinitions.put(d.name, d);
            List<Member> members = new ArrayList<>();
            for (Reference r : d.contents) {
                members.add(new Member(r.name(), null, r));
            }
            bundles.put(d.name, members);
        } else {
            atomics.put(d.name, d);
        }
    }

    /** A last consumer's {@code pipeline-name} names a bundle of the whole pipeline, as s6-rc-compile makes it. */
    private void pipelines(List<Definition> s6rc) {
        for (Definition d : s6rc) {
            if (d.pipelineName == null) {
                continue;
            }
            if (d.consumerFor.isEmpty() || d.producerFor != null) {
                problems.add(new ConfigException(d.pipelineName.where(), "pipeline-name",
                        "only the last consumer of a pipeline names it"));
                continue;
            }
            if (atomics.containsKey(d.pipelineName.name()) || bundles.containsKey(d.pipelineName.name())) {
                problems.add(new ConfigException(d.pipelineName.where(), "pipeline-name=" + d.pipelineName.name(),
                        "a service or bundle of that name exists"));
                continue;
            }
            List<Member> members = new ArrayList<>();
            collectPipeline(d, members, new LinkedHashSet<>());
            bundles.put(d.pipelineName.name(), members);
        }
    }

    private void collectPipeline(Definition d, List<Member> members, Set<Definition> seen) {
        if (!seen.add(d)) {
            return;
        }
        members.add(new Member(d.name, null, new Reference(d.name, d.where())));
        for (Reference producer : d.consumerFor) {
            Definition p = atomics.get(producer.name());
            if (p != null) {
                collectPipeline(p, members, seen);
            }
        }
    }

    private List<Edge> edgesOf(Definition d, List<Definition> contInit) {
        List<Edge> out = new ArrayList<>();
        switch (d.source) {
            case S6RC -> {
                for (Reference r : d.dependencies) {
                    expand(r, null, out, new ArrayList<>());
                }
                pipeEdges(d, out);
            }
            case CONT_INIT -> {
                int i = contInit.indexOf(d);
                if (i > 0) {
                    Definition before = contInit.get(i - 1);
                    out.add(new Edge(before, Condition.DONE, new Reference(before.name, before.where())));
                }
            }
            case SERVICES_D, LOGGER -> {
                // legacy-services depends on base and user: services.d starts after both.
                expand(new Reference("base", d.where()), null, out, new ArrayList<>());
                expand(new Reference("user", d.where()), null, out, new ArrayList<>());
                pipeEdges(d, out);
            }
            case CONT_FINISH -> {
            }
        }
        return out;
    }

    /** A producer depends on its consumer, which starts first to read what it writes (s6-rc-compile's rule). */
    private void pipeEdges(Definition d, List<Edge> out) {
        if (d.producerFor == null) {
            return;
        }
        Definition consumer = atomics.get(d.producerFor.name());
        if (consumer == null || consumer.kind != Kind.LONGRUN) {
            problems.add(new ConfigException(d.producerFor.where(), "producer-for=" + d.producerFor.name(),
                    consumer == null ? unknown(d.producerFor.name()) : "not a longrun"));
            return;
        }
        boolean listed = false;
        for (Reference r : consumer.consumerFor) {
            listed |= r.name().equals(d.name);
        }
        if (!listed) {
            problems.add(new ConfigException(d.producerFor.where(), "producer-for=" + consumer.name,
                    consumer.name + "'s consumer-for does not name " + d.name));
            return;
        }
        out.add(new Edge(consumer, Condition.READY, d.producerFor));
    }

    /**
     * A reference as the atomic services it stands for; bundles expand, recursively. Each edge
     * keeps the reference as its definition wrote it (the bundle, not the bundle's member).
     */
    private void expand(Reference r, Condition condition, List<Edge> out, List<String> bundlePath) {
        expand(r, r, condition, out, bundlePath);
    }

    private void expand(Reference written, Reference r, Condition condition, List<Edge> out, List<String> bundlePath) {
        Definition atomic = atomics.get(r.name());
        if (atomic != null) {
            Condition c = condition != null ? condition : atomic.kind == Kind.ONESHOT ? Condition.DONE : Condition.READY;
            out.add(new Edge(atomic, c, written));
            return;
        }
        List<Member> members = bundles.get(r.name());
        if (members == null) {
            problems.add(new ConfigException(r.where(), r.name(), unknown(r.name())));
            return;
        }
        if (bundlePath.contains(r.name())) {
            List<String> cycle = new ArrayList<>(bundlePath.subList(bundlePath.indexOf(r.name()), bundlePath.size()));
            cycle.add(r.name());
            problems.add(new ConfigException(r.where(), r.name(), "bundle cycle: " + String.join(" -> ", cycle)));
            return;
        }
        bundlePath.add(r.name());
        for (Member m : members) {
            expand(written, m.via(), m.condition() != null ? m.condition() : condition, out, bundlePath);
        }
        bundlePath.remove(bundlePath.size() - 1);
    }

    private String unknown(String name) {
        Set<String> known = new TreeSet<>(atomics.keySet());
        known.addAll(bundles.keySet());
        Optional<String> closest = KeySuggestion.closest(name, known);
        return "no service or bundle named " + name + (closest.isPresent() ? ", did you mean " + closest.get() + "?" : "");
    }

    private void rejectCycles() {
        Map<Definition, Integer> state = new HashMap<>(); // absent: new, 1: on the path, 2: done
        for (Definition d : atomics.values()) {
            if (!visit(d, state, new ArrayList<>(), new ArrayList<>())) {
                return; // one cycle is enough to say; the others share its edges more often than not
            }
        }
    }

    private boolean visit(Definition d, Map<Definition, Integer> state, List<Definition> path, List<Edge> via) {
        Integer st = state.get(d);
        if (st != null && st == 2) {
            return true;
        }
        if (st != null) {
            int from = path.indexOf(d);
            List<String> names = new ArrayList<>();
            for (int i = from; i < path.size(); i++) {
                Edge e = via.get(i);
                names.add(path.get(i).name);
                if (!e.via().name().equals(e.to().name)) {
                    names.add("(" + e.via().name() + ")");
                }
            }
            names.add(d.name);
            Edge first = via.get(from);
            problems.add(new ConfigException(first.via().where(), "dependency cycle", String.join(" -> ", names)));
            return false;
        }
        state.put(d, 1);
        path.add(d);
        for (Edge e : edges.get(d)) {
            via.add(e);
            if (!visit(e.to(), state, path, via)) {
                return false;
            }
            via.remove(via.size() - 1);
        }
        path.remove(path.size() - 1);
        state.put(d, 2);
        return true;
    }

    /** What {@code s6-rc -u change top} brings up: top's members and, recursively, what they depend on. */
    private void autostart(List<Definition> contFinish) {
        List<Edge> top = new ArrayList<>();
        expand(new Reference("top", Location.of("s6-overlay's top")), null, top, new ArrayList<>());
        List<Definition> queue = new ArrayList<>();
        for (Edge e : top) {
            queue.add(e.to());
        }
        while (!queue.isEmpty()) {
            Definition d = queue.remove(queue.size() - 1);
            if (autostart.add(d)) {
                for (Edge e : edges.get(d)) {
                    queue.add(e.to());
                }
            }
        }
        autostart.addAll(contFinish); // done at boot, so that the shutdown runs them
    }

    /** The atomic services, in the order their definitions were read. */
    List<Definition> atomics() {
        return List.copyOf(atomics.values());
    }

    Definition definition(String name) {
        return atomics.get(name);
    }

    List<Edge> edges(Definition d) {
        return edges.get(d);
    }

    boolean startsAtBoot(Definition d) {
        return autostart.contains(d) && !d.startsDown;
    }

    /** Whether {@code name} is known, as a service or a bundle (s6-overlay's included). */
    boolean has(String name) {
        return atomics.containsKey(name) || bundles.containsKey(name);
    }
}
