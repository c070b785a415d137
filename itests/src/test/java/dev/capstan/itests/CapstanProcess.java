package dev.capstan.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built distribution running as a child of the test JVM, its stdout and stderr going to one
 * file under target/work so a failed test leaves the whole log to read.
 */
final class CapstanProcess implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("capstan.dist", "../distribution/target/capstan")).toAbsolutePath().normalize();
    static final Path WORK = Path.of(System.getProperty("capstan.itests.work", "target/work")).toAbsolutePath();

    private final Process process;
    private final Path log;

    private CapstanProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code prefix... bin/capstan args...}; the prefix is e.g. unshare. */
    static CapstanProcess start(String name, List<String> prefix, String... args) throws IOException {
        Files.createDirectories(WORK);
        Path log = WORK.resolve(name + ".log");
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(DIST.resolve("bin/capstan").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new CapstanProcess(p, log);
    }

    long pid() {
        return process.pid();
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Polls the output until it satisfies the condition; fails with the whole output otherwise. */
    String awaitOutput(Predicate<String> condition, Duration timeout, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String out = output();
            if (condition.test(out)) {
                return out;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("timed out waiting for " + what + "; output:\n" + output());
    }

    void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** @return the exit code, or null when it did not exit in time */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Kills what is left, Capstan's own descendants too: behind a prefix such as unshare, Capstan
     * is a grandchild, and a failed test must not leave it holding its socket for the next one.
     */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
