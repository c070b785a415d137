package dev.capstan.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("capstanctl " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), out);
    }

    /** The status line of one service, e.g. {@code web   RUNNING   pid 12, uptime 0:00:03}. */
    String status(String name) throws IOException, InterruptedException {
        return run("status", name).output().strip();
    }
}
