package dev.capstan.shell;

import static dev.capstan.testing.ScriptedSupervisor.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ServiceState;
import dev.capstan.api.StreamName;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.Test;

class LogCommandsTest {
    private final TestShell shell = new TestShell();

    @Test
    void tailPrintsTheLastBytesOfAStream() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING));
        String big = "x".repeat(2000) + "END\n";
        shell.logs.write("web", StreamName.STDOUT, big);
        shell.logs.write("web", StreamName.STDERR, "oops");
        assertEquals(big.substring(big.length() - LogCommands.DEFAULT_BYTES), shell.run("tail web").out());
        assertEquals("END\n", shell.run("tail -4 web").out());
        assertEquals("ND\n", shell.run("tail -3 web stdout").out());
        assertEquals("oops\n", shell.run("tail web:web STDERR").out(), "a newline is added when the bytes end without one");
    }

    @Test
    void tailMisuseIsOneLineAndExitTwo() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING));
        shell.logs.write("web", StreamName.STDOUT, "hello\n");
        assertEquals(new TestShell.Run("Error: too few arguments\n", "", 2), shell.run("tail"));
        assertEquals(new TestShell.Run("Error: too many arguments\n", "", 2), shell.run("tail web stdout more"));
        assertEquals(new TestShell.Run("Error: bad channel 'stdin'\n", "", 2), shell.run("tail web stdin"));
        assertEquals(new TestShell.Run("Error: bad argument -x\n", "", 2), shell.run("tail -x web"));
        assertEquals(new TestShell.Run("nosuch: ERROR (no such process name)\n", "", 1), shell.run("tail nosuch"));
    }

    @Test
    void tailFollowStreamsUntilInterruptedAndClosesTheFollow() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING));
        shell.logs.write("web", StreamName.STDOUT, "before\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandSession session = shell.processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);
        session.put("SCOPE", "capstan:*");
        CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> {
            try {
                return session.execute("tail -f web");
            } catch (Exception e) {
                return e;
            }
        });
        waitFor(() -> text(out).endsWith("before\n"));
        shell.logs.write("web", StreamName.STDOUT, "after\n");
        waitFor(() -> text(out).endsWith("after\n"));
        assertEquals("==> Press Ctrl-C to exit <==\nbefore\nafter\n", text(out));

        session.close(); // what the control socket does when its client goes away
        assertTrue(run.get(5, TimeUnit.SECONDS) instanceof InterruptedException);
        waitFor(() -> shell.logs.openFollows.get() == 0); // the follow handle is closed
    }

    @Test
    void maintailShowsCapstansOwnLog() throws Exception {
        shell.logs.writeMain("capstan started\nweb: RUNNING\n");
        assertEquals("web: RUNNING\n", shell.run("maintail -13").out());
        assertEquals(new TestShell.Run("Error: too many arguments\n", "", 2), shell.run("maintail web"));
    }

    @Test
    void clearTruncatesLogsOfNamedServicesOrAll() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.RUNNING));
        shell.logs.write("web", StreamName.STDOUT, "w\n");
        shell.logs.write("db", StreamName.STDOUT, "d\n");
        assertEquals(new TestShell.Run("web: cleared\n", "", 0), shell.run("clear web"));
        assertEquals("db: cleared\nweb: cleared\n", shell.run("clear all").out());
        assertEquals(List.of("web", "db", "web"), shell.logs.cleared);
        assertEquals(new TestShell.Run("nosuch: ERROR (no such process)\n", "", 1), shell.run("clear nosuch"));
        assertEquals(new TestShell.Run("Error: clear requires a process name\n", "", 2), shell.run("clear"));
    }

    private static String text(ByteArrayOutputStream out) {
        synchronized (out) {
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException, ExecutionException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.sleep(10);
        }
    }
}
