package dev.capstan.engine.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.SupervisorException;
import dev.capstan.container.Container;
import dev.capstan.api.ServiceStatus;
import dev.capstan.engine.LineLogs;
import dev.capstan.engine.TestKernel;
import dev.capstan.testing.ComponentProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The component as SCR builds it: nothing is spawned until the logs bundle's service is bound,
 * and the configured shutdown_timeout bounds beforeShutdown.
 */
class SupervisorComponentTest {

    /** The launcher's side: this test only needs to know a shutdown was not asked for. */
    private static final Container CONTAINER = new Container() {
        @Override
        public void shutdown(int exitCode) {
            throw new AssertionError("no service here ends the container");
        }

        @Override
        public boolean isShuttingDown() {
            return false;
        }
    };

    /** The settings as SCR gives them from the configuration's properties. */
    private static SupervisorComponent.Settings settings(Map<String, Object> properties) {
        return ComponentProperties.of(SupervisorComponent.Settings.class, properties);
    }

    private static ServiceStatus await(SupervisorComponent c, String name, Predicate<ServiceStatus> p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        ServiceStatus s = c.service(name).orElseThrow();
        while (!p.test(s)) {
            assertTrue(System.nanoTime() < deadline, name + " is " + s.state() + " " + s.description());
            Thread.sleep(5);
            s = c.service(name).orElseThrow();
        }
        return s;
    }

    @Test
    void spawnsNothingUntilTheLogsBundleIsThereAndStopsWithinTheConfiguredDeadline() throws Exception {
        SupervisorComponent component = new SupervisorComponent(TestKernel.KERNEL, CONTAINER,
                settings(Map.of("shutdown_timeout_ms", 400L)));
        component.define(ServiceSpec.builder("stubborn", List.of("sh", "-c", "echo up; trap '' TERM; sleep 30 & wait"))
                .startSecs(Duration.ofMillis(50)).build(), "test");
        await(component, "stubborn", s -> s.description().equals("waiting for the logs bundle"));
        Thread.sleep(100);
        assertEquals(ServiceState.STOPPED, component.service("stubborn").orElseThrow().state());

        LineLogs logs = new LineLogs();
        component.setLogs(logs);
        await(component, "stubborn", s -> s.state() == ServiceState.RUNNING);
        await(component, "stubborn", s -> logs.lines("stubborn").contains("up"));

        long t0 = System.nanoTime();
        component.beforeShutdown();
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(took >= 400 && took < 1500, "beforeShutdown took " + took + " ms");
        assertEquals(9, component.service("stubborn").orElseThrow().lastExit().signal());

        component.deactivate();
        // A closed engine answers at once instead of leaving its callers waiting.
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> component.start("stubborn").toCompletableFuture().get(1, TimeUnit.SECONDS));
        assertEquals(Fault.SHUTDOWN_STATE, ((SupervisorException) e.getCause()).fault());
        assertEquals(Fault.SHUTDOWN_STATE, assertThrows(SupervisorException.class, component::services).fault());
    }

    @Test
    void anUpdatedLogsBundleLeavesRunningServicesAlone() throws Exception {
        SupervisorComponent component = new SupervisorComponent(TestKernel.KERNEL, CONTAINER, settings(Map.of()));
        try {
            LineLogs first = new LineLogs();
            component.setLogs(first);
            component.define(ServiceSpec.builder("web", List.of("sleep", "30")).startSecs(Duration.ofMillis(50)).build(),
                    "test");
            int pid = await(component, "web", s -> s.state() == ServiceState.RUNNING).pid();
            component.unsetLogs(first);
            Thread.sleep(100);
            assertEquals(pid, component.service("web").orElseThrow().pid());
            // A death while it is gone waits for the new one, then respawns.
            component.signal("web", dev.capstan.process.Signal.KILL);
            await(component, "web", s -> s.description().equals("waiting for the logs bundle"));
            component.setLogs(new LineLogs());
            await(component, "web", s -> s.state() == ServiceState.RUNNING && s.pid() != pid);
        } finally {
            component.deactivate();
        }
    }

    @Test
    void shutdownTimeoutComesFromTheConfigurationAndABadValueFallsBackToTheDefault() {
        SupervisorComponent component = new SupervisorComponent(TestKernel.KERNEL, CONTAINER,
                settings(Map.of("shutdown_timeout_ms", "soon")));
        try {
            assertEquals(Duration.ofSeconds(8), component.shutdownTimeout());
            component.configure(settings(Map.of("shutdown_timeout_ms", 3000L)));
            assertEquals(Duration.ofSeconds(3), component.shutdownTimeout());
            component.configure(settings(Map.of()));
            assertEquals(Duration.ofSeconds(8), component.shutdownTimeout());
        } finally {
            component.deactivate();
        }
    }
}
