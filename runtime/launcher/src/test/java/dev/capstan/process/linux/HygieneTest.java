package dev.capstan.process.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Child;
import dev.capstan.process.Signal;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import sun.misc.SignalHandler;

/** A child starts clean: only the fds it was given, no blocked and no ignored signal. */
class HygieneTest {

    private static final String NONE = "0000000000000000";
    private static LinuxProcessKernel kernel;

    @BeforeAll
    static void start() {
        kernel = LinuxProcessKernel.start();
    }

    @AfterAll
    static void close() {
        kernel.close();
    }

    @Test
    void childHoldsOnlyStdioAndPassedFds() throws Exception {
        assertTrue(Files.exists(Path.of("/proc/self/fd/4")), "the JVM's fd 4 is open, so the gap below fd 5 means something");
        Child child = kernel.spawn(SpawnRequest.builder(List.of("sleep", "30"))
                .stdout(Stdio.pipe(new Collector()))
                .pipe(3, new Collector())
                .pipe(5, new Collector())
                .build());
        try {
            assertEquals(Set.of(0, 1, 2, 3, 5), Proc.fds(child.pid()));
        } finally {
            child.signal(Signal.KILL);
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
