package dev.capstan.engine;

import static dev.capstan.api.ServiceState.EXITED;
import static dev.capstan.api.ServiceState.FATAL;
import static dev.capstan.api.ServiceState.RUNNING;
import static dev.capstan.api.ServiceState.STARTING;
import static dev.capstan.engine.Harness.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.FatalAction;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceSpec;
import dev.capstan.process.Signal;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The container's exit code: exit_on_end (the Docker CMD case) and on_fatal = shutdown. */
class ExitCodeTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void exitOnEndShutsDownWithTheServicesExitCode() {
        h.define(sh("app", "sleep 0.3; exit 7").exitOnEnd(true).restart(RestartMode.ALWAYS));
        h.define(sh("sidecar", "exec sleep 30").restart(RestartMode.ALWAYS));
        h.awaitState("app", EXITED);
        assertEquals(List.of(7), h.container.shutdowns);
        Harness.sleep(100);
        assertEquals(1, h.events.of("app", STARTING).size(), "not restarted: it ended the container");
    }

    @Test
    void exitOnEndOfAKilledServiceIs128PlusTheSignal() {
        h.define(ServiceSpec.builder("app", List.of("sleep", "30")).exitOnEnd(true));
        h.awaitState("app", RUNNING);
        h.engine.signal("app", Signal.KILL);
        h.awaitState("app", EXITED);
        assertEquals(List.of(137), h.container.shutdowns);
    }

    @Test
    void exitOnEndOfAQuickCommandCountsToo() {
        // A CMD that finishes within startsecs ended; it did not fail to start.
        h.define(sh("job", "exit 0").exitOnEnd(true));
        h.awaitState("job", EXITED);
        assertEquals(List.of(0), h.container.shutdowns);
    }

    @Test
    void onFatalShutdownUsesTheLastExitCode() {
        h.define(sh("core", "exit 5").startRetries(1).onFatal(FatalAction.SHUTDOWN));
        h.awaitState("core", FATAL);
        assertEquals(List.of(5), h.container.shutdowns);
    }

    @Test
    void onFatalShutdownWithoutAnExitCodeIsOne() {
        h.define(ServiceSpec.builder("core", List.of("/nonexistent/core")).startRetries(0).onFatal(FatalAction.SHUTDOWN));
        h.awaitState("core", FATAL);
        assertEquals(List.of(1), h.container.shutdowns);
    }

    @Test
    void onFatalIgnoreLeavesTheContainerAlone() {
        h.define(sh("optional", "exit 5").startRetries(0));
        h.awaitState("optional", FATAL);
        Harness.sleep(50);
        assertTrue(h.container.shutdowns.isEmpty());
    }
}
