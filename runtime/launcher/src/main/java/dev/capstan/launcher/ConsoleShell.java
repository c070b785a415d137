package dev.capstan.launcher;

import dev.capstan.ctl.CapstanCtl;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code capstan --shell}: capstanctl's interactive shell on this terminal, talking to this
 * Capstan's own control socket, so the console and a remote operator get the same commands.
 * Its end (EOF, {@code quit}) ends the shell only: Capstan keeps running, unlike gogo.jline's
 * console, which stops the framework. While it runs, Ctrl-C cancels the running command (as in
 * capstanctl) instead of shutting down; {@code shutdown} shuts down.
 */
final class ConsoleShell {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleShell.class);
    /** How long the control socket may take to appear once the framework has started. */
    private static final long SOCKET_WAIT_MILLIS = 10_000;

    private ConsoleShell() {
    }

    static void start(Path config, Path socket, Distribution dist) {
        if (System.console() == null) {
            LOG.warn("--shell needs a terminal on stdin and stdout; running without a shell");
            return;
        }
        List<String> where = socket != null ? List.of("-s", socket.toString()) : List.of("-c", config.toString());
        Thread t = new Thread(() -> run(where, dist), "capstan-shell");
        t.setDaemon(true);
        t.start();
    }

    private static void run(List<String> where, Distribution dist) {
        String home = dist.home().toString();
        if (!awaitServer(where, home)) {
            LOG.error("--shell: the control socket did not answer within {} s", SOCKET_WAIT_MILLIS / 1000);
            return;
        }
        int code = CapstanCtl.run(where.toArray(String[]::new), System.in, System.out, System.err, System.getenv(), home, true);
        LOG.info("shell closed ({}); Capstan keeps running", code);
    }

    /** The control component comes up asynchronously: wait until {@code pid} answers. */
    private static boolean awaitServer(List<String> where, String home) {
        List<String> probe = new ArrayList<>(where);
        probe.add("pid");
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        long deadline = System.nanoTime() + SOCKET_WAIT_MILLIS * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (CapstanCtl.run(probe.toArray(String[]::new), new ByteArrayInputStream(new byte[0]), quiet, quiet,
                    System.getenv(), home, false) == 0) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
