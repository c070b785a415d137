package dev.capstan.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The distribution's bin/capstanctl (or bin/supervisorctl) on one server: its output and exit code. */
final class Capstanctl {

    record Result(int exit, String output) {
    }

    private final String server;
    private final List<String> prefix;
    private final String script;

    Capstanctl(Path socket) {
        this(socket, List.of());
    }

    /** @param prefix what runs capstanctl, e.g. setpriv as another user */
    Capstanctl(Path socket, List<String> prefix) {
        this(socket.toString(), prefix, "capstanctl");
    }

    /**
     * @param server a socket path or an http:// URL
     * @param script capstanctl or supervisorctl
     */
    Capstanctl(String server, List<String> prefix, String script) {
        this.server = server;
        this.prefix = List.copyOf(prefix);
        this.script = script;
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(CapstanProcess.DIST.resolve("bin/" + script).toString(), "-s", server));
        cmd.addAll(List.of(args));
        // Into a file, not a pipe the test reads: a capstanctl that never finishes must fail the
        // test after the timeout instead of blocking it in a read.
        Path out = Files.createTempFile(Files.createDirectories(CapstanProcess.WORK), "capstanctl", ".out");
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(script + " " + String.join(" ", args) + " did not finish in 30 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
        }
    }

    /** The status line of one service, e.g. {@code web   RUNNING   pid 12, uptime 0:00:03}. */
    String status(String name) throws IOException, InterruptedException {
        return run("status", name).output().strip();
    }

    /** The pid of a running service, 0 when it has none. */
    int pid(String name) throws IOException, InterruptedException {
        String out = run("pid", name).output().strip();
        return out.matches("\\d+") ? Integer.parseInt(out) : 0;
    }

    /** Waits until the service runs with a pid other than {@code not} (0: any pid). */
    int awaitPid(String name, int not) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            int pid = pid(name);
            if (pid != 0 && pid != not) {
                return pid;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not run with a new pid; status: " + status(name));
    }
}
