package dev.capstan.engine;

import static org.junit.jupiter.api.Assertions.fail;

import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;
import dev.capstan.api.ServiceStatus;
import dev.capstan.engine.LineLogs;
import dev.capstan.engine.TestKernel;
import dev.capstan.process.ProcessKernel;
import dev.capstan.testing.RecordingContainer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;

/**
 * An engine with its real collaborators: the Linux process kernel, line-framing logs, and
 * recording Container and EventAdmin at the edge. Specs default to short timings (100 ms
 * startsecs, 50 ms first backoff) so each rule shows in hundreds of milliseconds.
 */
final class Harness implements AutoCloseable {
    static final ProcessKernel KERNEL = TestKernel.KERNEL;

    final LineLogs logs = new LineLogs();
    final RecordingContainer container = new RecordingContainer();
    final RecordingEvents events = new RecordingEvents();
    final Engine engine = new Engine(KERNEL, () -> logs, container, () -> events, System.getenv());

    Harness() {
        engine.shutdownTimeout(Duration.ofSeconds(3));
    }

    static ServiceSpec.Builder sh(String name, String script) {
        return ServiceSpec.builder(name, List.of("sh", "-c", script))
                .startSecs(Duration.ofMillis(100))
                .backoffInitial(Duration.ofMillis(50))
                .backoffMax(Duration.ofSeconds(1))
                .stopWait(Duration.ofSeconds(2))
                .readyTimeout(Duration.ofSeconds(5));
    }

    void define(ServiceSpec.Builder spec) {
        engine.define(spec.build(), "test");
    }

    ServiceStatus status(String name) {
        return engine.service(name).orElseThrow();
    }

    ServiceStatus await(String name, Predicate<ServiceStatus> condition, String what) {
        return await(name, condition, what, Duration.ofSeconds(5));
    }

    ServiceStatus await(String name, Predicate<ServiceStatus> condition, String what, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        ServiceStatus s = status(name);
        while (!condition.test(s)) {
            if (System.nanoTime() > end) {
                fail(name + ": not " + what + " within " + timeout.toMillis() + " ms; now " + s.state() + " "
                        + s.description() + "; states " + events.states(name));
            }
            sleep(2);
            s = status(name);
        }
        return s;
    }

    ServiceStatus awaitState(String name, ServiceState state) {
        return await(name, s -> s.state() == state, state.name());
    }

    ServiceStatus awaitState(String name, ServiceState state, Duration timeout) {
        return await(name, s -> s.state() == state, state.name(), timeout);
    }

    /** The stage's value, failing the test when it takes longer than 5 s. */
    static <T> T join(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 5 s", e);
        }
    }

    /** The exception a stage failed with. */
    static Throwable failure(CompletionStage<?> stage) throws Exception {
        try {
            stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("the stage did not fail");
    }

    /** Whether a process exists (not yet reaped); /proc, since nothing here may start a process to ask. */
    static boolean alive(int pid) {
        return Files.exists(Path.of("/proc", Integer.toString(pid)));
    }

    /** The pids whose process group is {@code pgid}, read from /proc; zombies left out. */
    static List<Integer> groupMembers(int pgid) {
        return groupMembers(pgid, false);
    }

    /** The zombies whose process group is {@code pgid}: ended, and not reaped by their parent. */
    static List<Integer> groupZombies(int pgid) {
        return groupMembers(pgid, true);
    }

    private static List<Integer> groupMembers(int pgid, boolean zombies) {
        List<Integer> members = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : procs) {
                try {
                    String[] f = stat(p);
                    if (Integer.parseInt(f[2]) == pgid && f[0].equals("Z") == zombies) {
                        members.add(Integer.parseInt(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException gone) {
                    // The process ended while we looked.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return members;
    }

    /** A process's parent, read from /proc. */
    static int parent(int pid) throws IOException {
        return Integer.parseInt(stat(Path.of("/proc", Integer.toString(pid)))[1]);
    }

    /** /proc/PID/stat from the state on: state ppid pgrp ... (comm may hold spaces and parentheses). */
    private static String[] stat(Path proc) throws IOException {
        String stat = Files.readString(proc.resolve("stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** Whether the group has no live member within 5 s: a SIGKILL takes effect asynchronously. */
    static boolean groupEnds(int pgid) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!groupMembers(pgid).isEmpty()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(10);
        }
        return true;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    @Override
    public void close() {
        engine.close();
    }
}
