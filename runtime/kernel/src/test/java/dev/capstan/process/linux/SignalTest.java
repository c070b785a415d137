package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.exit;
import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnRequest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Signals reach a child or its whole group, and never a pid after it was reaped. */
class SignalTest extends KernelPerClass {

    @Test
    void signalReachesTheChild() throws Exception {
        Child child = kernel.spawn(SpawnRequest.builder(List.of("sleep", "300")).build());
        assertTrue(child.signal(Signal.TERM));
        ExitStatus status = exit(child);
        assertEquals(ExitStatus.killed(15, false), status);
        assertEquals(143, status.shellCode());
    }

    @Test
    void groupKillReachesGrandchildren() throws Exception {
        Child child = kernel.spawn(sh("sleep 300 & sleep 300 & wait").build());
        assertTrue(Proc.await(() -> Proc.group(child.pid()).size() == 3, Duration.ofSeconds(5)),
                "shell and two sleeps in the group: " + Proc.group(child.pid()));

        assertTrue(child.signalGroup(Signal.KILL));
        assertEquals(ExitStatus.killed(9, false), exit(child));
        assertTrue(Proc.await(() -> Proc.group(child.pid()).isEmpty(), Duration.ofSeconds(5)),
                "group members left: " + Proc.group(child.pid()));
        assertTrue(Proc.await(() -> Proc.zombieChildren(Proc.SELF).isEmpty(), Duration.ofSeconds(5)),
                "the orphaned sleeps were reaped");
    }

    @Test
    void reapedChildIsNeverSignalled() throws Exception {
        Child child = kernel.spawn(SpawnRequest.builder(List.of("true")).build());
        assertEquals(ExitStatus.exited(0), exit(child));
        assertFalse(child.signal(Signal.TERM), "signal after reaping");
        assertFalse(child.signalGroup(Signal.TERM), "group signal to an empty group");
    }

    @Test
    void groupOutlivesItsLeader() throws Exception {
        // The leader exits at once; the sleep it leaves behind keeps the group alive.
        Child child = kernel.spawn(sh("sleep 300 & exit 0").build());
        assertEquals(ExitStatus.exited(0), exit(child));
        assertTrue(Proc.await(() -> Proc.group(child.pid()).size() == 1, Duration.ofSeconds(5)));
        assertTrue(child.hasGroup(), "the group still has a member");
        assertTrue(child.signalGroup(Signal.KILL), "the group still has a member");
        assertTrue(Proc.await(() -> Proc.group(child.pid()).isEmpty(), Duration.ofSeconds(5)));
        assertTrue(Proc.await(() -> !child.hasGroup(), Duration.ofSeconds(5)), "the killed sleep was reaped");
        assertFalse(child.signalGroup(Signal.KILL));
    }

    /**
     * The JDK's process support resets SIGCHLD to SIG_DFL when it initialises (on Java 24+ at the
     * first System.getenv()); the kernel's handler must survive that, or every exit waits for the
     * reaper's safety poll, a minute.
     */
    @Test
    void sigchldStaysCaughtWhenTheJdkInitialisesItsProcessSupport() throws Exception {
        Class.forName("java.lang.ProcessImpl", true, null);
        System.getenv();
        long caught = 0;
        for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
            if (line.startsWith("SigCgt:")) {
                caught = Long.parseUnsignedLong(line.substring(7).trim(), 16);
            }
        }
        assertTrue((caught & (1L << (Signal.CHLD.number() - 1))) != 0, "SIGCHLD is not caught any more");

        Child child = kernel.spawn(SpawnRequest.builder(List.of("sleep", "0.3")).build());
        long start = System.nanoTime();
        assertEquals(ExitStatus.exited(0), exit(child));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < Reaper.SAFETY_SECONDS * 1000 / 2,
                "exit seen after " + millis + " ms: by the safety poll, not by SIGCHLD");
    }
}
