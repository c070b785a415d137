package dev.capstan.bench;

import dev.capstan.api.Dependency;
import dev.capstan.api.Probe;
import dev.capstan.api.ServiceEvents;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.container.Container;
import dev.capstan.engine.Engine;
import dev.capstan.process.ProcessKernel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * The engine's own latencies, with real processes: how soon a dependent starts once its
 * dependency is ready, how close independent services start, and how long ordered shutdowns
 * take. Times are when the engine posted the state change.
 */
final class EngineTimings {

    private static final String SLOW_TO_STOP = "trap 'sleep 0.3; exit 0' TERM; sleep 30 & wait";

    private final Engine engine;
    private final Map<String, Long> firstTimes = new ConcurrentHashMap<>();

    private EngineTimings(ProcessKernel kernel) {
        Container container = new Container() {
            @Override
            public void shutdown(int exitCode) {
                throw new IllegalStateException("no service here ends the container");
            }

            @Override
            public boolean isShuttingDown() {
                return false;
            }
        };
        EventAdmin events = new EventAdmin() {
            @Override
            public void postEvent(Event event) {
                firstTimes.putIfAbsent(event.getProperty(ServiceEvents.NAME) + " " + event.getProperty(ServiceEvents.STATE),
                        System.nanoTime());
            }

            @Override
            public void sendEvent(Event event) {
                postEvent(event);
            }
        };
        DiscardedOutput logs = new DiscardedOutput();
        engine = new Engine(kernel, () -> logs, container, () -> events, System.getenv());
        engine.shutdownTimeout(Duration.ofSeconds(5));
    }

    static void run(ProcessKernel kernel) throws Exception {
        Path dir = Files.createTempDirectory("capstan-bench");
        Path flag = dir.resolve("ready");
        try {
            readinessGate(kernel, "sleep 0.3; echo >&3; exec sleep 30", new Probe.Notify(3));
            readinessGate(kernel, "sleep 0.3; touch '" + flag + "'; exec sleep 30",
                    new Probe.Exec("test -f " + flag, List.of("test", "-f", flag.toString())));
        } finally {
            Files.deleteIfExists(flag);
            Files.delete(dir);
        }
        independentStarts(kernel);
        shutdownInWaves(kernel);
        shutdownOfOneWave(kernel);
        manyServices(kernel, 300);
    }

    private static ServiceSpec.Builder sh(String name, String script) {
        return ServiceSpec.builder(name, List.of("sh", "-c", script)).startSecs(Duration.ofMillis(100))
                .stopWait(Duration.ofSeconds(2));
    }

    private static void readinessGate(ProcessKernel kernel, String script, Probe ready) throws Exception {
        EngineTimings t = new EngineTimings(kernel);
        try {
            t.engine.define(sh("app", "exec sleep 30").dependsOn(List.of(Dependency.parse("db:ready"))).build(), "bench");
            t.engine.define(sh("db", script).ready(ready).startSecs(Duration.ofSeconds(30)).build(), "bench");
            long appStarted = t.await("app", ServiceState.STARTING);
            long dbReady = t.first("db", ServiceState.RUNNING);
            long dbSpawned = t.first("db", ServiceState.STARTING);
            System.out.printf("engine: ready %s: db ready %d ms after spawn, app spawned %.2f ms later%n", ready,
                    millis(dbReady - dbSpawned), (appStarted - dbReady) / 1e6);
        } finally {
            t.engine.close();
        }
    }

    private static void independentStarts(ProcessKernel kernel) throws Exception {
        EngineTimings t = new EngineTimings(kernel);
        try {
            for (int i = 0; i < 5; i++) {
                t.engine.define(sh("s" + i, "sleep 0.5; echo >&3; exec sleep 30").priority(50 - i).autostart(false)
                        .ready(new Probe.Notify(3)).startSecs(Duration.ofSeconds(30)).build(), "bench");
            }
            for (int i = 0; i < 5; i++) {
                t.engine.start("s" + i);
            }
            long first = Long.MAX_VALUE;
            long last = 0;
            for (int i = 0; i < 5; i++) {
                long started = t.await("s" + i, ServiceState.STARTING);
                first = Math.min(first, started);
                last = Math.max(last, started);
            }
            System.out.printf("engine: 5 independent services spawned within %.2f ms%n", (last - first) / 1e6);
        } finally {
            t.engine.close();
        }
    }

    private static void shutdownInWaves(ProcessKernel kernel) throws Exception {
        EngineTimings t = new EngineTimings(kernel);
        t.engine.define(sh("db", SLOW_TO_STOP).priority(10).build(), "bench");
        t.engine.define(sh("app", SLOW_TO_STOP).priority(20).dependsOn(List.of(Dependency.parse("db"))).build(), "bench");
        t.engine.define(sh("cache", SLOW_TO_STOP).priority(20).build(), "bench");
        t.engine.define(sh("web", SLOW_TO_STOP).priority(20).dependsOn(List.of(Dependency.parse("app"))).build(), "bench");
        for (String name : List.of("db", "app", "cache", "web")) {
            t.await(name, ServiceState.RUNNING);
        }
        System.out.printf("engine: shutdown of 4 services in 3 waves, 300 ms each to stop: %d ms%n", t.shutdown());
    }

    private static void shutdownOfOneWave(ProcessKernel kernel) throws Exception {
        EngineTimings t = new EngineTimings(kernel);
        for (int i = 0; i < 10; i++) {
            t.engine.define(sh("w" + i, SLOW_TO_STOP).build(), "bench");
        }
        for (int i = 0; i < 10; i++) {
            t.await("w" + i, ServiceState.RUNNING);
        }
        System.out.printf("engine: shutdown of 10 services that take 300 ms each to stop: %d ms%n", t.shutdown());
    }

    private static void manyServices(ProcessKernel kernel, int n) throws Exception {
        EngineTimings t = new EngineTimings(kernel);
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            t.engine.define(sh(String.format("s%03d", i), "exec sleep 30").priority(i % 5).build(), "bench");
        }
        for (int i = 0; i < n; i++) {
            t.await(String.format("s%03d", i), ServiceState.RUNNING);
        }
        long started = millis(System.nanoTime() - start);
        System.out.printf("engine: %d services: all RUNNING in %d ms, all stopped in %d ms%n", n, started, t.shutdown());
    }

    /** Shuts the engine down and returns how long that took, in ms. */
    private long shutdown() throws Exception {
        long start = System.nanoTime();
        engine.shutdown().get(60, TimeUnit.SECONDS);
        long took = millis(System.nanoTime() - start);
        engine.close();
        return took;
    }

    /** Waits until the service first was in the state; returns when that was (System.nanoTime). */
    private long await(String name, ServiceState state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Long at;
        while ((at = firstTimes.get(name + " " + state)) == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(name + " never was " + state);
            }
            Thread.sleep(1);
        }
        return at;
    }

    private long first(String name, ServiceState state) {
        return firstTimes.get(name + " " + state);
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
