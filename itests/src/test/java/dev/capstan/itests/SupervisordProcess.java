package dev.capstan.itests;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Debian's real supervisord 4.2.5 in the foreground ({@code -n}), started by a test on a config
 * of its own and stopped by its pid, its output in target/work, to compare Capstan with.
 */
final class SupervisordProcess implements AutoCloseable {

    private final Process process;
    private final Path log;

    private SupervisordProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts it and waits until its Unix socket accepts connections. */
    static SupervisordProcess start(String name, Path conf, Path socket) throws Exception {
        Files.createDirectories(CapstanProcess.WORK);
        Path log = CapstanProcess.WORK.resolve(name + ".log");
        Process p = new ProcessBuilder("/usr/bin/supervisord", "-n", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        SupervisordProcess s = new SupervisordProcess(p, log);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!accepts(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                s.close();
                throw new AssertionError("supervisord did not listen on " + socket + "; output:\n" + Files.readString(log));
            }
            Thread.sleep(50);
        }
        return s;
    }

    private static boolean accepts(Path socket) {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    long pid() {
        return process.pid();
    }

    /** @return the exit code, or null when it did not exit in time */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : null;
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** SIGTERM by pid (supervisord stops its children), then SIGKILL if it does not end. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start().waitFor();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
