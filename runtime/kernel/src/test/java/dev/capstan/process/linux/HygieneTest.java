package dev.capstan.process.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Child;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import sun.misc.SignalHandler;

/** A child starts clean: only the fds it was given, no blocked and no ignored signal. */
class HygieneTest extends KernelPerClass {

    private static final String NONE = "0000000000000000";

    @Test
    void childHoldsOnlyStdioAndPassedFds() throws Exception {
        assertTrue(Files.exists(Path.of("/proc/self/fd/4")), "the JVM's fd 4 is open, so the gap below fd 5 means something");
        Child child = kernel.spawn(SpawnRequest.builder(List.of("sleep", "30"))
                .stdout(Stdio.pipe(new Collector()))
                .pipe(3, new Collector())
                .pipe(5, new Collector())
                .build());
        try {
            // The dynamic loader of the exec'd program opens its libraries for a moment.
            Proc.await(() -> fds(child.pid()).equals(Set.of(0, 1, 2, 3, 5)), Duration.ofSeconds(5));
            assertEquals(Set.of(0, 1, 2, 3, 5), Proc.fds(child.pid()));
        } finally {
            child.signal(Signal.KILL);
        }
    }

    /**
     * fd 200 lies above every fd the JVM opened for the spawn, so each source is moved above it
     * first, and the 196 fds between 4 and 199 are closed one by one.
     */
    @Test
    void highPassedFdSurvivesAndReachesItsHandler() throws Exception {
        Collector near = new Collector();
        Collector far = new Collector();
        Child child = kernel.spawn(Sh.sh("echo near >&3; echo far > /proc/self/fd/200; exec sleep 30")
                .pipe(3, near).pipe(200, far).build());
        try {
            assertTrue(Proc.await(() -> runs(child.pid(), "sleep"), Duration.ofSeconds(5)), "the shell exec'd sleep");
            Proc.await(() -> fds(child.pid()).equals(Set.of(0, 1, 2, 3, 200)), Duration.ofSeconds(5));
            assertEquals(Set.of(0, 1, 2, 3, 200), Proc.fds(child.pid()));
        } finally {
            child.signal(Signal.KILL);
        }
        assertEquals("near\n", near.text());
        assertEquals("far\n", far.text());
    }

    /** The child's fds, or none once it is gone (the assert after the await then says why). */
    private static Set<Integer> fds(int pid) {
        try {
            return Proc.fds(pid);
        } catch (IOException e) {
            return Set.of();
        }
    }

    private static boolean runs(int pid, String command) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/" + pid + "/exe")).getFileName().toString().equals(command);
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void passedFdReachesItsHandler() throws Exception {
        Collector ready = new Collector();
        Child child = kernel.spawn(Sh.sh("echo ready >&3").pipe(3, ready).build());
        assertEquals("ready\n", ready.text());
        assertEquals(0, Sh.exit(child).code());
    }

    @Test
    void childHasNoBlockedOrIgnoredSignal() throws Exception {
        sun.misc.Signal hup = new sun.misc.Signal("HUP");
        SignalHandler jvmHup = sun.misc.Signal.handle(hup, SignalHandler.SIG_IGN);
        try {
            assertNotEquals(NONE, Proc.status(Proc.SELF, "SigIgn"), "the JVM ignores SIGHUP now");
            Child child = kernel.spawn(SpawnRequest.builder(List.of("sleep", "30")).build());
            try {
                assertEquals(NONE, Proc.status(child.pid(), "SigBlk"));
                assertEquals(NONE, Proc.status(child.pid(), "SigIgn"));
            } finally {
                child.signal(Signal.KILL);
            }
        } finally {
            sun.misc.Signal.handle(hup, jvmHup);
        }
    }

    @Test
    void childLeadsItsOwnSessionAndGroup() throws Exception {
        Child child = kernel.spawn(SpawnRequest.builder(List.of("sleep", "30")).build());
        try {
            Proc.Stat stat = Proc.all().stream().filter(s -> s.pid() == child.pid()).findFirst().orElseThrow();
            assertEquals(child.pid(), stat.pgrp());
            assertEquals(child.pid(), stat.session());
            assertEquals(Proc.SELF, stat.ppid());
        } finally {
            child.signal(Signal.KILL);
        }
    }
}
