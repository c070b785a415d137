package dev.capstan.engine.order;

import static dev.capstan.engine.order.StartOrderTest.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceType;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyGateTest {

    /** A service as the gate sees it, in a given state. */
    record Node(ServiceSpec spec, ServiceState state, boolean isReady, boolean isDone, boolean isPending)
            implements DependencyNode {
    }

    private final Map<String, Node> nodes = new HashMap<>();

    private void put(ServiceSpec spec, ServiceState state, boolean ready, boolean done, boolean pending) {
        nodes.put(spec.name(), new Node(spec, state, ready, done, pending));
    }

    private Verdict check(ServiceSpec spec) {
        return DependencyGate.check(spec, nodes::get);
    }

    @Test
    void noDependenciesIsOpen() {
        assertEquals(Verdict.OPEN, check(spec("a", 1)));
    }

    @Test
    void eachConditionWaitsForItsOwnFact() {
        put(spec("db", 1), ServiceState.RUNNING, false, false, false);
        assertEquals(Verdict.Kind.OPEN, check(spec("app", 1, "db")).kind());
        Verdict v = check(spec("app", 1, "db:ready"));
        assertEquals(Verdict.Kind.WAIT, v.kind());
        assertEquals("waiting for db:ready", v.reason());
        assertEquals(List.of(), v.pull());

        put(spec("db", 1), ServiceState.RUNNING, true, false, false);
        assertEquals(Verdict.Kind.OPEN, check(spec("app", 1, "db:ready")).kind());
        assertEquals(Verdict.Kind.WAIT, check(spec("app", 1, "db:done")).kind());
    }

    @Test
    void aOneshotCountsOnlyOnceDone() {
        ServiceSpec init = spec("init", 1).toBuilder().type(ServiceType.ONESHOT).build();
        put(init, ServiceState.RUNNING, false, false, false);
        assertEquals(Verdict.Kind.WAIT, check(spec("app", 1, "init")).kind());
        put(init, ServiceState.EXITED, true, true, false);
        assertEquals(Verdict.Kind.OPEN, check(spec("app", 1, "init")).kind());
        assertEquals(Verdict.Kind.OPEN, check(spec("app", 1, "init:ready")).kind());
        assertEquals(Verdict.Kind.OPEN, check(spec("app", 1, "init:done")).kind());
    }

    @Test
    void anUnknownNameWaitsAndSaysSo() {
        Verdict v = check(spec("app", 1, "db:ready", "cache"));
        assertEquals(Verdict.Kind.WAIT, v.kind());
        assertEquals("waiting for db:ready (not defined), cache (not defined)", v.reason());
    }

    @Test
    void aFatalDependencyBlocks() {
        put(spec("db", 1), ServiceState.FATAL, false, false, false);
        Verdict v = check(spec("app", 1, "db"));
        assertEquals(Verdict.Kind.BLOCKED, v.kind());
        assertEquals("dependency db is FATAL", v.reason());
    }

    @Test
    void aStoppedDependencyIsPulledUnlessAlreadyWanted() {
        put(spec("db", 1), ServiceState.STOPPED, false, false, false);
        assertEquals(List.of("db"), check(spec("app", 1, "db")).pull());
        put(spec("db", 1), ServiceState.STOPPED, false, false, true);
        assertEquals(List.of(), check(spec("app", 1, "db")).pull());
    }

    @Test
    void aCycleBlocksWithItsPath() {
        put(spec("a", 1, "b"), ServiceState.STOPPED, false, false, true);
        put(spec("b", 1, "c"), ServiceState.STOPPED, false, false, true);
        put(spec("c", 1, "a"), ServiceState.STOPPED, false, false, true);
        Verdict v = check(nodes.get("a").spec());
        assertEquals(Verdict.Kind.BLOCKED, v.kind());
        assertEquals("dependency cycle a -> b -> c -> a", v.reason());
    }
}
