package dev.capstan.engine.order;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.Dependency;
import dev.capstan.api.ServiceSpec;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class StartOrderTest {

    static ServiceSpec spec(String name, int priority, String... deps) {
        return ServiceSpec.builder(name, List.of("true"))
                .priority(priority)
                .dependsOn(Arrays.stream(deps).map(Dependency::parse).toList())
                .build();
    }

    static List<String> names(List<ServiceSpec> specs) {
        return specs.stream().map(ServiceSpec::name).toList();
    }

    @Test
    void lowerPriorityFirstThenDependenciesThenName() {
        List<ServiceSpec> specs = List.of(
                spec("worker", 30, "web:ready"),
                spec("web", 20),
                spec("clock", 20, "prepare:done"),
                spec("prepare", 10),
                spec("aaa", 20));
        assertEquals(List.of("prepare", "aaa", "clock", "web", "worker"),
                names(StartOrder.sort(specs, Function.identity())));
    }

    @Test
    void aDependencyRaisesThePriorityOfWhatDependsOnIt() {
        // db has the higher number, so app, which needs it, cannot start before it anyway.
        List<ServiceSpec> specs = List.of(spec("app", 10, "db"), spec("db", 50), spec("cache", 20));
        assertEquals(List.of("cache", "db", "app"), names(StartOrder.sort(specs, Function.identity())));
    }

    @Test
    void stopWavesAreTheReverseAndGroupEqualRanks() {
        List<ServiceSpec> specs = List.of(
                spec("a", 10), spec("b", 20, "a"), spec("c", 20), spec("d", 20, "b"), spec("e", 10));
        List<List<String>> waves = StartOrder.stopWaves(specs, Function.identity()).stream()
                .map(w -> names(w).stream().sorted().toList())
                .toList();
        // b depends on a but has priority 20 anyway; d is one deeper than b within priority 20.
        assertEquals(List.of(List.of("d"), List.of("b", "c"), List.of("a", "e")), waves);
    }

    @Test
    void cyclesAndUnknownNamesDoNotBreakTheOrder() {
        // The gate reports both; the order must still terminate and place everything.
        List<ServiceSpec> specs = List.of(spec("x", 10, "y"), spec("y", 10, "x"), spec("z", 5, "ghost"));
        List<String> sorted = names(StartOrder.sort(specs, Function.identity()));
        assertEquals(3, sorted.size());
        assertEquals("z", sorted.get(0));
    }
}
