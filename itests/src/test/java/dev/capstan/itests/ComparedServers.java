package dev.capstan.itests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The same configuration run by a real supervisord and by the built Capstan, each in a directory
 * of its own (its own socket, child log directory and TCP port), for tests that send both the
 * same commands and compare the answers. The configuration is a template: {@code %(here)s} is
 * each server's directory, {@code {PORT}} its TCP port.
 */
final class ComparedServers implements AutoCloseable {

    /** One of the two. */
    static final class Side {
        final String name;
        final Path dir;
        final Path conf;
        final Path socket;
        final int port;

        Side(String name, Path dir, int port) {
            this.name = name;
            this.dir = dir;
            this.conf = dir.resolve("supervisord.conf");
            this.socket = dir.resolve("run/supervisor.sock");
            this.port = port;
        }

        Supervisorctl ctl() {
            return new Supervisorctl("-c", conf.toString());
        }

        Supervisorctl tcp(String user, String password) {
            return new Supervisorctl("-s", "http://127.0.0.1:" + port, "-u", user, "-p", password);
        }

        String unixUrl() {
            return "unix://" + socket;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    final Side supervisord;
    final Side capstan;
    private final SupervisordProcess supervisordProcess;
    private final CapstanProcess capstanProcess;

    private ComparedServers(Side supervisord, Side capstan, SupervisordProcess sp, CapstanProcess cp) {
        this.supervisord = supervisord;
        this.capstan = capstan;
        this.supervisordProcess = sp;
        this.capstanProcess = cp;
    }

    static ComparedServers start(String name, String template) throws Exception {
        Path base = CapstanProcess.WORK.resolve(name);
        Side s = new Side("supervisord", base.resolve("supervisord"), freePort());
        Side c = new Side("capstan", base.resolve("capstan"), freePort());
        for (Side side : new Side[] {s, c}) {
            deleteRecursively(side.dir); // logs of an earlier run would be tailed again
            Files.createDirectories(side.dir.resolve("run"));
            Files.createDirectories(side.dir.resolve("logs"));
            Files.writeString(side.conf, template.replace("{PORT}", Integer.toString(side.port)));
        }
        SupervisordProcess sp = SupervisordProcess.start(name + "-supervisord", s.conf, s.socket);
        CapstanProcess cp = null;
        try {
            cp = CapstanProcess.start(name + "-capstan", java.util.List.of(), "-c", c.conf.toString());
            cp.awaitOutput(out -> out.contains("started in"), Duration.ofSeconds(60), "Capstan to start");
            awaitAnswer(c);
        } catch (Exception | AssertionError e) {
            sp.close();
            if (cp != null) {
                cp.close();
            }
            throw e;
        }
        return new ComparedServers(s, c, sp, cp);
    }

    /** Until supervisorctl gets an answer: the HTTP server comes up with the operators' bundles. */
    private static void awaitAnswer(Side side) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (new Supervisorctl("-s", side.unixUrl()).run("pid").exit() != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(side + " does not answer supervisorctl on " + side.socket);
            }
            Thread.sleep(100);
        }
    }

    /** Until each of these is RUNNING in both: supervisord starts added groups on its own, later. */
    void awaitRunning(String... names) throws Exception {
        for (Side side : new Side[] {supervisord, capstan}) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String[] args = new String[names.length + 1];
            args[0] = "status";
            System.arraycopy(names, 0, args, 1, names.length);
            while (true) {
                Supervisorctl.Result r = new Supervisorctl("-s", side.unixUrl()).run(args);
                if (r.exit() == 0 && r.output().lines().allMatch(l -> l.contains(" RUNNING "))) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(side + ": not running: " + r.output());
                }
                Thread.sleep(100);
            }
        }
    }

    /** Makes the same change to both configuration files. */
    void edit(UnaryOperator<String> change) throws IOException {
        for (Side side : new Side[] {supervisord, capstan}) {
            Files.writeString(side.conf, change.apply(Files.readString(side.conf)));
        }
    }

    SupervisordProcess supervisordProcess() {
        return supervisordProcess;
    }

    CapstanProcess capstanProcess() {
        return capstanProcess;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Stops both by pid, SIGTERM first, so neither leaves children behind. */
    @Override
    public void close() throws Exception {
        try {
            supervisordProcess.close();
        } finally {
            if (capstanProcess.isAlive()) {
                capstanProcess.signal("TERM");
                capstanProcess.awaitExit(Duration.ofSeconds(30));
            }
            capstanProcess.close();
        }
    }
}
