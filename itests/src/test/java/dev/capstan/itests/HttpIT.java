package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The distribution's HTTP server with real clients: curl on the socket and on TCP, bin/supervisorctl
 * on both, the operator tier that supervisord's {@code chown=} hands out, and the variables every
 * service gets to call back.
 */
class HttpIT {
    private static final Path DIR = CapstanProcess.WORK.resolve("http");
    private static final Path SOCKET = DIR.resolve("run/capstan.sock");
    private static int port;
    private static CapstanProcess capstan;

    @BeforeAll
    static void startCapstan() throws Exception {
        Files.createDirectories(DIR);
        // The operator (nobody) must reach the socket and read the client's jar: no private parents.
        for (Path p = DIR; !p.equals(p.getRoot()); p = p.getParent()) {
            if (Files.getOwner(p).getName().equals("root")) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            if (p.equals(CapstanProcess.WORK.getParent())) {
                break;
            }
        }
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path conf = DIR.resolve("capstan.conf");
        Files.writeString(conf, String.join("\n",
                "[unix_http_server]",
                "file = %(here)s/run/capstan.sock",
                "chmod = 0770",
                "chown = nobody",
                "",
                "[inet_http_server]",
                "port = 127.0.0.1:" + port,
                "username = admin",
                "password = {SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4", // sha1("secret")
                "",
                "[program:web]",
                "command = sh -c 'echo \"env: $SUPERVISOR_ENABLED $SUPERVISOR_SERVER_URL $SUPERVISOR_PROCESS_NAME $SUPERVISOR_GROUP_NAME\"; exec sleep infinity'",
                "",
                "[program:w]",
                "process_name = w_%(process_num)d",
                "numprocs = 2",
                "command = sleep infinity",
                ""));
        capstan = CapstanProcess.start("http", List.of(), "-c", conf.toString());
        capstan.awaitOutput(out -> out.contains("control socket " + SOCKET) && out.contains("HTTP on http://127.0.0.1:" + port)
                && out.contains("web: STARTING -> RUNNING"), Duration.ofSeconds(30), "both listeners and web running");
    }

    @AfterAll
    static void stopCapstan() {
        if (capstan != null) {
            capstan.close();
        }
    }

    private static Capstanctl.Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", command));
        return new Capstanctl.Result(p.exitValue(), out);
    }

    @Test
    void everyServiceGetsSupervisordsVariables() throws Exception {
        capstan.awaitOutput(out -> out.contains("env: 1 unix://" + SOCKET + " web web"), Duration.ofSeconds(30), "web's environment");
    }

    @Test
    void curlRunsCommandsOnTheSocket() throws Exception {
        Capstanctl.Result r = run(List.of("curl", "-sS", "--unix-socket", SOCKET.toString(), "--data-binary", "status web",
                "http://localhost/capstan/command"));
        assertTrue(r.output().matches("(?s)o\\d+:web +RUNNING +pid \\d+, uptime [^\\n]*\\nx1:0"), r.output());
    }

    @Test
    void supervisorctlOnTheSocketJoinsItsArguments() throws Exception {
        Capstanctl supervisorctl = new Capstanctl(SOCKET.toString(), List.of(), "supervisorctl");
        Capstanctl.Result signalled = supervisorctl.run("signal HUP", "w:*");
        assertEquals(0, signalled.exit(), signalled.output());
        assertEquals("w:w_0: signalled\nw:w_1: signalled\n", signalled.output());
        assertEquals(0, supervisorctl.run("status").exit());
        Capstanctl.Result lb = supervisorctl.run("lb");
        assertEquals(0, lb.exit(), "root is an administrator: " + lb.output());
    }

    @Test
    void overTcpBasicAuthAndOnlySupervisorctlsVerbs() throws Exception {
        String url = "http://127.0.0.1:" + port;
        Capstanctl.Result none = new Capstanctl(url, List.of(), "supervisorctl").run("status");
        assertEquals(new Capstanctl.Result(1, "Server requires authentication\n"), none);
        Capstanctl.Result ok = new Capstanctl(url, List.of(), "supervisorctl").run("-u", "admin", "-p", "secret", "status", "web");
        assertEquals(0, ok.exit(), ok.output());
        assertTrue(ok.output().startsWith("web "), ok.output());
        Capstanctl.Result lb = new Capstanctl(url, List.of(), "capstanctl").run("-u", "admin", "-p", "secret", "lb");
        assertEquals(1, lb.exit());
        assertTrue(lb.output().startsWith("capstan: permission denied: operators may run only"), lb.output());
        Capstanctl.Result etcd = new Capstanctl(url, List.of(), "capstanctl").run("-u", "admin", "-p", "secret", "etcd");
        assertEquals(new Capstanctl.Result(4, "etcd: no source ([etcd] is not in the configuration file)\n"), etcd,
                "etcd is an operator's verb");
        Capstanctl.Result curl = run(List.of("curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}", url + "/capstan/command"));
        assertEquals("401", curl.output());
    }

    /** supervisord's chown= gave its user the whole supervisorctl; here it gives the operator tier, no more. */
    @Test
    void theChownUserIsAnOperator() throws Exception {
        assumeTrue(Procfs.isRoot() && Procfs.onPath("setpriv"), "needs root and setpriv");
        List<String> asNobody = List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--");
        Capstanctl nobody = new Capstanctl(SOCKET.toString(), asNobody, "supervisorctl");
        Capstanctl.Result status = nobody.run("status", "web");
        assertEquals(0, status.exit(), status.output());
        Path marker = DIR.resolve("pwned");
        for (String line : List.of("lb", "felix:stop 5", "status $(lb)", "status | lb", "{ lb }",
                "(((((\"\" getClass) forName java.lang.Runtime) getMethod getRuntime) invoke null) exec \"touch " + marker + "\")")) {
            Capstanctl.Result refused = nobody.run(line);
            assertEquals(1, refused.exit(), line + ": " + refused.output());
            assertTrue(refused.output().startsWith("capstan: permission denied: "), line + ": " + refused.output());
        }
        assertFalse(Files.exists(marker));
        List<String> curl = new ArrayList<>(asNobody);
        curl.addAll(List.of("curl", "-sS", "--unix-socket", SOCKET.toString(), "--data-binary", "version",
                "http://localhost/capstan/command"));
        assertTrue(run(curl).output().endsWith("x1:0"), "curl as the operator");
    }
}
