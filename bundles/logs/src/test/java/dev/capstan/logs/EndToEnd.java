package dev.capstan.logs;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.capstan.api.LogSpec;
import dev.capstan.api.OutputEventSink;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.logs.console.Console;
import dev.capstan.logs.console.ConsoleFiles;
import dev.capstan.logs.console.ConsoleFormat;
import dev.capstan.logs.files.CollectedReports;
import dev.capstan.logs.mainlog.MainLog;
import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.linux.KernelPerClass;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Real children writing through the real process kernel into a {@link LogBook}: what the tests share. */
abstract class EndToEnd extends KernelPerClass {

    @TempDir
    Path dir;

    final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    final CollectedReports reports = new CollectedReports();
    /** Where output events go; null as long as a test sets none (no events bundle). */
    volatile OutputEventSink outputEvents;

    @AfterEach
    void stopExecutor() {
        executor.shutdownNow();
    }

    LogBook book(Path out, Path err) throws Exception {
        Console console = ConsoleFiles.open(out, err, ConsoleFormat.DEFAULT);
        return new LogBook(console, new LogSettings(ConsoleFormat.DEFAULT, dir, false), executor, kernel, reports,
                new MainLog(executor), () -> outputEvents);
    }

    static ServiceSpec sh(String name, String script, LogSpec stdout) {
        return ServiceSpec.builder(name, List.of("/bin/sh", "-c", script)).stdout(stdout).build();
    }

    static Child spawn(ServiceOutput out, ServiceSpec spec) throws Exception {
        return kernel.spawn(SpawnRequest.builder(spec.command()).stdout(out.stdout()).stderr(out.stderr()).build());
    }

    static ExitStatus exit(Child c) throws Exception {
        return c.exit().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    /** Runs one service to its exit and flushes its output; returns its exit code. */
    static int run(LogBook book, ServiceSpec spec) throws Exception {
        ServiceOutput out = book.open(spec);
        int code = exit(spawn(out, spec)).code();
        out.close();
        return code;
    }

    /** {@code log} and its rotated copies {@code log.1} to {@code log.10}. */
    static Path rotated(Path log, int i) {
        return i == 0 ? log : log.resolveSibling(log.getFileName() + "." + i);
    }

    static long sizes(Path log) throws Exception {
        long total = 0;
        for (int i = 0; i <= 10; i++) {
            Path p = rotated(log, i);
            total += Files.exists(p) ? Files.size(p) : 0;
        }
        return total;
    }

    static void await(IoCheck condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "timed out");
            Thread.sleep(20);
        }
    }

    @FunctionalInterface
    interface IoCheck extends BooleanSupplier {
        boolean check() throws Exception;

        @Override
        default boolean getAsBoolean() {
            try {
                return check();
            } catch (Exception e) {
                return false;
            }
        }
    }
}
