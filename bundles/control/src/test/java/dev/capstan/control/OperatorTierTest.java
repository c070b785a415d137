package dev.capstan.control;

import static dev.capstan.testing.ScriptedSupervisor.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.capstan.api.ServiceState;
import dev.capstan.api.StreamName;
import dev.capstan.ctl.CapstanCtl;
import dev.capstan.http.server.TestHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two tiers: an operator (any user but root and Capstan's own) runs supervisorctl's verbs
 * with plain words and nothing else; root runs anything Gogo runs, Java by reflection included.
 */
class OperatorTierTest {
    @TempDir
    Path dir;
    private RunningControl control;

    /** Creates the file named by its path, in this JVM, by reflection: root code execution if it works. */
    private static String exec(Path marker) {
        return "(((((\"\" getClass) forName java.lang.Runtime) getMethod getRuntime) invoke null) exec \"touch " + marker + "\")";
    }

    /** Lines that are Gogo, not supervisorctl; each with what root gets from it. */
    private List<String> gogoLines(Path marker) {
        return List.of(
                "felix:lb",
                "lb",
                "status $(felix:lb)",
                "status web | felix:lb",
                "{ felix:lb }",
                "status web; felix:lb",
                "status (felix:lb)",
                "c = { felix:lb } ; $c",
                exec(marker));
    }

    @AfterEach
    void stop() throws Exception {
        if (control != null) {
            control.close();
        }
    }

    private void start(boolean everyoneOperator, Path socket, int mode) throws Exception {
        control = new RunningControl(socket, mode, everyoneOperator, TestHttpServer.create());
        control.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.STOPPED));
        control.logs.write("web", StreamName.STDOUT, "hello\n");
        control.processor.addCommand("felix", new CapstanCtlTest.FelixLike(), "lb");
    }

    @Test
    void operatorsRunSupervisorctlsVerbs() throws Exception {
        start(true, dir.resolve("run/capstan.sock"), 0600);
        assertEquals(3, control.ctl("status").exit());
        assertEquals(new RunningControl.Result(0, "db: started\n", ""), control.ctl("start", "db"));
        assertEquals(new RunningControl.Result(0, "web: stopped\nweb: started\n", ""), control.ctl("restart", "web"));
        assertEquals(new RunningControl.Result(0, "web: signalled\n", ""), control.ctl("signal", "HUP", "web"));
        assertEquals(new RunningControl.Result(0, "hello\n", ""), control.ctl("tail", "web"));
        assertEquals(new RunningControl.Result(0, ProcessHandle.current().pid() + "\n", ""), control.ctl("pid"));
        assertEquals(0, control.ctl("avail").exit());
        assertEquals(0, control.ctl("reread").exit());
        assertEquals(0, control.ctl("clear", "web").exit());
        assertEquals(new RunningControl.Result(0, "1.2.3-test\n", ""), control.ctl("version"));
        assertTrue(control.ctl("help").out().startsWith("default commands"));
        assertEquals(new RunningControl.Result(0, "Shut down\n", ""), control.ctl("shutdown"));
    }

    @Test
    void wordsReachTheVerbAsTheyAreAndAreNeverEvaluated() throws Exception {
        start(true, dir.resolve("run/capstan.sock"), 0600);
        RunningControl.Result r = control.supervisorctl("status web a=b group:* x%y");
        assertEquals(4, r.exit());
        assertEquals(List.of("a=b: ERROR (no such process)", "group: ERROR (no such group)", "x%y: ERROR (no such process)",
                "web                              RUNNING   pid 4242, uptime 0:00:00"),
                r.out().replaceAll("uptime 0:00:0\\d", "uptime 0:00:00").lines().toList());
    }

    @Test
    void gogoFromAnOperatorIsARefusalNotAnExecution() throws Exception {
        start(true, dir.resolve("run/capstan.sock"), 0600);
        Path marker = dir.resolve("pwned");
        for (String line : gogoLines(marker)) {
            RunningControl.Result r = control.supervisorctl(line);
            assertEquals(1, r.exit(), line);
            assertEquals("", r.out(), line);
            assertTrue(r.err().startsWith("capstan: permission denied: "), line + ": " + r.err());
        }
        assertFalse(Files.exists(marker));
        assertTrue(control.supervisor.calls.isEmpty(), control.supervisor.calls::toString);
    }

    @Test
    void tailFollowWorksForOperatorsAndEndsWithTheClient() throws Exception {
        start(true, dir.resolve("run/capstan.sock"), 0600);
        try (RawClient tail = new RawClient(control.socket)) {
            tail.command("tail -f web").readUntil("hello\n");
            control.logs.write("web", StreamName.STDOUT, "more\n");
            tail.readUntil("more\n");
        }
        CommandEndpointTest.waitFor(() -> control.logs.openFollows.get() == 0);
    }

    /** The same lines from a real other user (nobody, through setpriv) and from root. */
    @Test
    void aRealOtherUserIsAnOperatorAndRootAnAdministrator() throws Exception {
        assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "needs root, to run a client as nobody");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
        start(false, run.resolve("capstan.sock"), 0666);
        Path marker = dir.resolve("pwned");

        Client nobody = asNobody("status", "web");
        assertEquals(0, nobody.exit(), nobody.toString());
        assertTrue(nobody.out().startsWith("web "), nobody.toString());
        for (String line : gogoLines(marker)) {
            Client refused = asNobody(line);
            assertEquals(1, refused.exit(), line);
            assertTrue(refused.err().startsWith("capstan: permission denied: "), line + ": " + refused);
        }
        assertFalse(Files.exists(marker));
        assertTrue(control.supervisor.calls.isEmpty(), control.supervisor.calls::toString);

        assertEquals(new RunningControl.Result(0, "0|Active|System Bundle\n", ""), control.supervisorctl("felix:lb"));
        assertEquals(0, control.supervisorctl("status web | felix:lb").exit());
        assertEquals(new RunningControl.Result(4, "0|Active|System Bundle: ERROR (no such process)\n", ""),
                control.supervisorctl("status $(felix:lb)"));
        assertEquals(0, control.supervisorctl("c = { felix:lb } ; $c").exit());
        assertEquals(0, control.supervisorctl(exec(marker)).exit());
        CommandEndpointTest.waitFor(() -> Files.exists(marker));
    }

    private record Client(int exit, String out, String err) {
    }

    /** bin/supervisorctl's Java, run as nobody with setpriv: the line as one argument, as Ansible passes words. */
    private Client asNobody(String line) throws Exception {
        return asNobody(new String[] {line});
    }

    private Client asNobody(String... args) throws Exception {
        Path classes = Path.of(CapstanCtl.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isDirectory(classes)) {
            Path copy = dir.resolve("capstan-ctl.jar"); // nobody cannot read root's ~/.m2
            Files.copy(classes, copy, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-r--r--"));
            classes = copy;
        }
        List<String> command = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", classes.toString(), "dev.capstan.ctl.SupervisorCtl",
                "-s", control.socket.toString()));
        command.addAll(List.of(args));
        java.lang.Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                p.getErrorStream().transferTo(err);
            } catch (IOException e) {
                // ended
            }
        });
        errReader.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the client ends");
        errReader.join();
        return new Client(p.exitValue(), out, err.toString(StandardCharsets.UTF_8));
    }

}
