package dev.capstan.core.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.SupervisorException;
import dev.capstan.container.Container;
import dev.capstan.core.TestKernel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The component as SCR builds it, without the optional logs bundle and EventAdmin: children write
 * to the test's own stdout, and the configured shutdown_timeout bounds beforeShutdown.
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

    @Test
    void runsWithoutLogsAndStopsEverythingWithinTheConfiguredDeadline() throws Exception {
        SupervisorComponent component = new SupervisorComponent(TestKernel.KERNEL, CONTAINER,
                Map.of(SupervisorComponent.SHUTDOWN_TIMEOUT, "400ms"));
        component.define(ServiceSpec.builder("stubborn", List.of("sh", "-c", "echo inherited stdout; trap '' TERM; sleep 30 & wait"))
                .startSecs(Duration.ofMillis(50)).build(), "test");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (component.service("stubborn").orElseThrow().state() != ServiceState.RUNNING) {
            assertTrue(System.nanoTime() < deadline, "RUNNING in time");
            Thread.sleep(5);
        }

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
    void shutdownTimeoutComesFromTheConfigurationAndABadValueFallsBackToTheDefault() {
        SupervisorComponent component = new SupervisorComponent(TestKernel.KERNEL, CONTAINER,
                Map.of(SupervisorComponent.SHUTDOWN_TIMEOUT, "soon"));
        try {
            assertEquals(Duration.ofSeconds(8), component.shutdownTimeout());
            component.configure(Map.of(SupervisorComponent.SHUTDOWN_TIMEOUT, 3));
            assertEquals(Duration.ofSeconds(3), component.shutdownTimeout());
            component.configure(Map.of());
            assertEquals(Duration.ofSeconds(8), component.shutdownTimeout());
        } finally {
            component.deactivate();
        }
    }
}
