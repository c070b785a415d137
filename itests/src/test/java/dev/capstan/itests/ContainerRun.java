package dev.capstan.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A supervisor (Capstan's bin/capstan or Debian's supervisord) as the PID 1 of a new PID
 * namespace, as in a container: {@code unshare --fork --pid --mount-proc COMMAND}, with a /run
 * and a /dev/shm of its own as a container has (so that it shares neither the control socket's
 * default path nor Felix's cache with another Capstan on the machine), its output in one file
 * under target/work. The container ends when its PID 1 does.
 */
final class ContainerRun implements AutoCloseable {

    private final Process unshare;
    private final Path log;

    private ContainerRun(Process unshare, Path log) {
        this.unshare = unshare;
        this.log = log;
    }

    static ContainerRun start(String name, List<String> command) throws IOException {
        Files.createDirectories(CapstanProcess.WORK);
        Path log = CapstanProcess.WORK.resolve(name + ".log");
        List<String> argv = new ArrayList<>(List.of("unshare", "--fork", "--pid", "--mount-proc", "sh", "-c",
                "mount -t tmpfs -o mode=0755 run /run && mount -t tmpfs -o mode=1777 shm /dev/shm && exec \"$0\" \"$@\""));
        argv.addAll(command);
        Process p = new ProcessBuilder(argv)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        return new ContainerRun(p, log);
    }

    /** SIGTERM to the container's PID 1, from outside, as {@code docker stop} sends it. */
    void stop() throws IOException {
        for (long init : Procfs.children(unshare.pid())) {
            ProcessHandle.of(init).ifPresent(ProcessHandle::destroy);
        }
    }

    /** @return the container's exit code (its PID 1's), or null when it did not end in time */
    Integer awaitExit(Duration timeout) throws InterruptedException {
        return unshare.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? unshare.exitValue() : null;
    }

    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Kills whatever is left, so a failed test leaves nothing running. */
    @Override
    public void close() {
        unshare.descendants().forEach(ProcessHandle::destroyForcibly);
        unshare.destroyForcibly();
    }
}
