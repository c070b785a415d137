package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.itests.ComparedServers.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The real Debian supervisorctl, every verb, against a real supervisord and against Capstan
 * running the same configuration: output and exit codes compared line for line. Before comparing,
 * what differs by nature is replaced: pids, uptimes, stop times, the servers' directories; and
 * what differs by design (docs/xmlrpc.md): the reason of a FATAL process, the order of a whole
 * start's results (supervisord lists them as they finish), the version, maintail's lines.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SupervisorctlIT {

    /** The Basic-auth password of [inet_http_server], given as supervisord's {SHA} form. */
    static final String PASSWORD = "s3cret";

    static final String CONFIG = String.join("\n",
            "[unix_http_server]",
            "file = %(here)s/run/supervisor.sock",
            "",
            "[inet_http_server]",
            "port = 127.0.0.1:{PORT}",
            "username = ops",
            "password = {SHA}" + sha1Hex(PASSWORD),
            "",
            "[supervisord]",
            "logfile = %(here)s/supervisord.log",
            "pidfile = %(here)s/supervisord.pid",
            "childlogdir = %(here)s/logs",
            "identifier = itest",
            "",
            "[rpcinterface:supervisor]",
            "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
            "",
            "[supervisorctl]",
            "serverurl = unix://%(here)s/run/supervisor.sock",
            "",
            "[program:web]",
            "command = sh -c 'echo hello from web; echo warning from web >&2; exec sleep 1000'",
            "stdout_logfile = %(here)s/logs/web.out",
            "stderr_logfile = %(here)s/logs/web.err",
            "",
            "[program:talker]",
            "command = sh -c 'echo start; trap \"echo got-usr1\" USR1; while :; do sleep 0.1; done'",
            "",
            "[program:colors]",
            "command = sh -c 'printf \"\\033[31mred\\033[0m \\001 bell\\007 done\\n\"; exec sleep 1000'",
            "",
            "[program:manual]",
            "command = sleep 1000",
            "autostart = false",
            "",
            "[group:grp]",
            "programs = a,b",
            "",
            "[program:a]",
            "command = sleep 1000",
            "priority = 5",
            "",
            "[program:b]",
            "command = sleep 1000",
            "",
            "[program:broken]",
            "command = /nonexistent/daemon",
            "autostart = false",
            "",
            "[program:crash]",
            // Not at once: supervisord reaps right after a spawn, and a child already gone by then
            // makes even a start without waiting (startAllProcesses(False)) a SPAWN_ERROR.
            "command = sh -c 'sleep 0.5; echo dying >&2; exit 3'",
            "autostart = false",
            "startretries = 0",
            // more than supervisord's one-second tick, which may take a quick exit for a start
            "startsecs = 5",
            "",
            "[program:redir]",
            "command = sh -c 'echo out; echo err >&2; exec sleep 1000'",
            "redirect_stderr = true",
            "stdout_logfile = %(here)s/logs/redir.out",
            "");

    private static ComparedServers servers;

    @BeforeAll
    static void start() throws Exception {
        servers = ComparedServers.start("supervisorctl", CONFIG);
        servers.awaitRunning("web", "talker", "colors", "grp:*", "redir");
    }

    @AfterAll
    static void stop() throws Exception {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    @Order(1)
    void status() throws Exception {
        same("status");
        same("status", "web");
        same("status", "grp:*");
        same("status", "web", "manual");
        same("status", "nosuch");
        same("status", "nosuch:*");
        same("status", "all");
    }

    @Test
    @Order(2)
    void pid() throws Exception {
        same("pid");
        same("pid", "web");
        same("pid", "manual");
        same("pid", "all");
        same("pid", "nosuch");
    }

    @Test
    @Order(3)
    void avail() throws Exception {
        same("avail");
    }

    @Test
    @Order(4)
    void startStopRestart() throws Exception {
        same("start", "manual");
        same("start", "manual");
        same("start", "nosuch");
        same("start", "broken");
        same("start", "crash");
        sameLines("start", "grp:*");
        same("start", "nosuch:*");
        same("start");
        same("stop", "manual");
        same("stop", "manual");
        sameLines("stop", "grp:*");
        sameLines("stop", "grp:*");
        same("stop", "nosuch");
        sameLines("restart", "grp:*");
        same("restart", "manual");
        same("restart", "web");
        same("stop", "manual");
        same("status");
    }

    @Test
    @Order(5)
    void startAndStopAll() throws Exception {
        // supervisord lists the results of a whole start or stop as they finish: compared in name order
        sameLines("stop", "all");
        same("status");
        sameLines("start", "all");
        same("stop", "crash");
        same("stop", "manual");
        same("status");
    }

    @Test
    @Order(6)
    void signal() throws Exception {
        same("signal", "USR1", "talker");
        same("signal", "BOGUS", "web");
        same("signal", "HUP", "manual");
        sameLines("signal", "CONT", "grp:*");
        sameLines("signal", "CONT", "all");
        same("signal", "CONT", "nosuch");
        same("signal", "CONT");
    }

    @Test
    @Order(7)
    void tail() throws Exception {
        same("tail", "web");
        same("tail", "web", "stderr");
        same("tail", "-5", "web");
        same("tail", "redir");
        same("tail", "redir", "stderr");
        same("tail", "nosuch");
        same("tail", "web", "stdio");
    }

    /**
     * Output with control characters (a colour code, a bell): supervisord sends them raw and its
     * own supervisorctl fails on its answer; Capstan sends control pictures and it prints them.
     */
    @Test
    @Order(8)
    void tailOfControlCharacters() throws Exception {
        Supervisorctl.Result original = servers.supervisord.ctl().run("tail", "colors");
        assertTrue(original.output().contains("ExpatError"), original.output());
        // What supervisord logged, with each control character as its control picture.
        String logged;
        try (var files = Files.newDirectoryStream(servers.supervisord.dir.resolve("logs"), "colors-stdout---*.log")) {
            logged = Files.readString(files.iterator().next());
        }
        StringBuilder pictures = new StringBuilder();
        logged.chars().forEach(c -> pictures.append((char) (c < 0x20 && c != '\n' ? 0x2400 + c : c)));
        assertTrue(pictures.toString().startsWith("\u241b[31mred\u241b[0m \u2401 bell\u2407 done\n"), pictures.toString());
        assertEquals(new Supervisorctl.Result(0, pictures + "\n"), servers.capstan.ctl().run("tail", "colors"));
    }

    @Test
    @Order(9)
    void tailFollowsOnTheUnixSocketAndOnTcp() throws Exception {
        for (boolean tcp : new boolean[] {false, true}) {
            List<String> outputs = new ArrayList<>();
            for (Side side : sides()) {
                Supervisorctl ctl = tcp ? side.tcp("ops", PASSWORD) : side.ctl();
                Path file = side.dir.resolve("tail-f-" + (tcp ? "tcp" : "unix") + ".out");
                long before = count(side.ctl().run("tail", "talker").output(), "got-usr1");
                outputs.add(ctl.interrupted(file, s -> count(s, "got-usr1") > before, "the line the signal makes",
                        () -> assertEquals(0, side.ctl().run("signal", "USR1", "talker").exit()), "tail", "-f", "talker"));
            }
            assertEquals(outputs.get(0), outputs.get(1), tcp ? "over TCP" : "on the Unix socket");
            assertTrue(outputs.get(1).startsWith("==> Press Ctrl-C to exit <==\nstart\n"), outputs.get(1));
        }
        List<Supervisorctl.Result> refused = new ArrayList<>();
        for (Side side : sides()) {
            refused.add(side.tcp("ops", "wrong").run("status"));
        }
        assertEquals(refused.get(0), refused.get(1), "a wrong password over TCP");
        assertTrue(refused.get(1).output().startsWith("Server requires authentication\n"), refused.get(1).output());
    }

    @Test
    @Order(10)
    void maintail() throws Exception {
        for (Side side : sides()) {
            // Capstan's own log has other lines than supervisord's: the exit codes compare.
            Supervisorctl.Result tail = side.ctl().run("maintail");
            assertEquals(0, tail.exit(), side + ": " + tail.output());
            assertTrue(tail.output().length() > 100, side + ": " + tail.output());
            assertEquals(0, side.ctl().run("maintail", "-100").exit());
            assertNotEquals(0, side.ctl().run("maintail", "-x").exit());
            String followed = side.ctl().interrupted(side.dir.resolve("maintail-f.out"),
                    s -> s.lines().count() > 2, "maintail -f to print the log", () -> { }, "maintail", "-f");
            assertTrue(followed.startsWith("==> Press Ctrl-C to exit <==\n"), followed);
        }
    }

    @Test
    @Order(11)
    void clear() throws Exception {
        same("clear", "web");
        same("tail", "web");
        sameLines("clear", "all");
        same("clear", "nosuch");
        same("clear");
    }

    @Test
    @Order(12)
    void rereadUpdateAddRemove() throws Exception {
        same("reread");
        servers.edit(conf -> conf
                .replace("[program:a]\ncommand = sleep 1000", "[program:a]\ncommand = sleep 1001")
                .replace("[program:manual]\ncommand = sleep 1000\nautostart = false\n", "")
                + "\n[program:newp]\ncommand = sleep 1000\n");
        same("reread");
        same("update");
        servers.awaitRunning("grp:*", "newp");
        same("status");
        same("reread");
        same("update");
        same("stop", "newp");
        same("remove", "newp");
        same("reread");
        same("avail");
        same("add", "newp");
        servers.awaitRunning("newp");
        same("add", "newp");
        same("add", "nosuch");
        same("remove", "web");
        same("remove", "nosuch");
        same("update", "nosuch");
        same("status");
    }

    @Test
    @Order(13)
    void version() throws Exception {
        Supervisorctl.Result original = servers.supervisord.ctl().run("version");
        assertEquals(new Supervisorctl.Result(0, "4.2.5\n"), original);
        Supervisorctl.Result capstan = servers.capstan.ctl().run("version");
        // Capstan answers its own version, as `capstan --version` prints it (docs/xmlrpc.md).
        assertEquals(0, capstan.exit());
        assertTrue(Pattern.matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n", capstan.output()), capstan.output());
        same("version", "extra");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void shutdown() throws Exception {
        same("shutdown", "now");
        same("shutdown");
        assertEquals(0, servers.supervisordProcess().awaitExit(Duration.ofSeconds(30)));
        assertEquals(0, servers.capstanProcess().awaitExit(Duration.ofSeconds(30)));
        same("status");
        same("shutdown");
    }

    // ---- comparing ----

    private static List<Side> sides() {
        return List.of(servers.supervisord, servers.capstan);
    }

    /** The same command through both: the same normalized output and exit code. */
    private static void same(String... args) throws Exception {
        assertEquals(run(servers.supervisord, args), run(servers.capstan, args), "supervisorctl " + String.join(" ", args));
    }

    /** As {@link #same}, the output's lines in sorted order. */
    private static void sameLines(String... args) throws Exception {
        assertEquals(sorted(run(servers.supervisord, args)), sorted(run(servers.capstan, args)),
                "supervisorctl " + String.join(" ", args));
    }

    private static Supervisorctl.Result sorted(Supervisorctl.Result r) {
        String[] lines = r.output().split("\n", -1);
        Arrays.sort(lines);
        return new Supervisorctl.Result(r.exit(), String.join("\n", lines));
    }

    private static Supervisorctl.Result run(Side side, String... args) throws Exception {
        Supervisorctl.Result r = side.ctl().run(args);
        return new Supervisorctl.Result(r.exit(), normalize(r.output(), side));
    }

    /** What differs between any two runs, or between the two servers by design. */
    static String normalize(String output, Side side) {
        String s = output.replace(side.dir.toString(), "<DIR>");
        s = s.replaceAll("pid \\d+, uptime (\\d+ days?, )?\\d+:\\d\\d:\\d\\d", "pid PID, uptime UPTIME");
        s = s.replaceAll("(?m)^(\\S+\\s+(?:STOPPED|EXITED)\\s+)[A-Z][a-z]{2} \\d\\d \\d\\d:\\d\\d [AP]M$", "$1STOPTIME");
        s = s.replaceAll("(?m)^(\\S+\\s+(?:FATAL|BACKOFF)\\s+).+$", "$1REASON");
        s = s.replaceAll("(?m)^[1-9]\\d*$", "PID");
        return s;
    }

    private static long count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }

    static String sha1Hex(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            StringBuilder hex = new StringBuilder();
            for (byte b : d) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
