package dev.capstan.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built distribution running as a child of the test JVM. Its stdout and stderr are one pipe,
 * as a container's log driver or a terminal gives them, read by a thread of the test that copies
 * everything to a file under target/work, so a failed test leaves the whole log to read. The
 * test can stop reading the pipe ({@link #stopReading()}), as a stalled log driver or Ctrl-S on
 * a terminal would, and start again.
 */
final class CapstanProcess implements AutoCloseable {
    static final Path DIST = Path.of(System.getProperty("capstan.dist", "../distribution/target/capstan")).toAbsolutePath().normalize();
    static final Path WORK = Path.of(System.getProperty("capstan.itests.work", "target/work")).toAbsolutePath();

    private final Process process;
    private final Path log;
    private final Object gate = new Object();
    private boolean reading = true;
    private Thread pump;

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
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        OutputStream file = Files.newOutputStream(log, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        CapstanProcess c = new CapstanProcess(p, log);
        c.pump = new Thread(() -> c.copyOutput(file), "output of " + name);
        c.pump.setDaemon(true);
        c.pump.start();
        return c;
    }

    /** Copies the pipe to the log file, each read at once, while the test lets it read. */
    private void copyOutput(OutputStream file) {
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = process.getInputStream(); file) {
            while (true) {
                synchronized (gate) {
                    while (!reading) {
                        gate.wait();
                    }
                }
                int n = in.read(buf);
                if (n < 0) {
                    return;
                }
                file.write(buf, 0, n);
                file.flush();
            }
        } catch (IOException | InterruptedException e) {
            // The test ended and killed Capstan; what was read is in the file.
        }
    }

    /**
     * The pipe is no longer read once the read under way returns: Capstan fills it and then
     * finds its console blocked.
     */
    void stopReading() {
        synchronized (gate) {
            reading = false;
        }
    }

    void resumeReading() {
        synchronized (gate) {
            reading = true;
            gate.notifyAll();
        }
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
        throw new AssertionError("timed out waiting for " + what + "; output:\n" + output() + threads());
    }

    /** What a Capstan that did not get somewhere is doing: its threads' stacks, for the failure's report. */
    private String threads() {
        if (!process.isAlive()) {
            return "";
        }
        try {
            Process jcmd = new ProcessBuilder("jcmd", Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            byte[] dump = jcmd.getInputStream().readNBytes(1 << 20);
            jcmd.waitFor(10, TimeUnit.SECONDS);
            return "\nthreads (jcmd Thread.print):\n" + new String(dump, StandardCharsets.UTF_8);
        } catch (IOException | InterruptedException e) {
            return "\n(no thread dump: " + e + ")";
        }
    }

    void signal(String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /**
     * Once Capstan exited, what it wrote is in the file (unless a process it left behind holds the
     * pipe open, which the test then sees).
     *
     * @return the exit code, or null when it did not exit in time
     */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return null;
        }
        if (isReading()) {
            pump.join(Duration.ofSeconds(5).toMillis());
        }
        return process.exitValue();
    }

    private boolean isReading() {
        synchronized (gate) {
            return reading;
        }
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
        resumeReading();
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
