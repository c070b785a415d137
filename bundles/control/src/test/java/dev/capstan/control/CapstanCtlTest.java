package dev.capstan.control;

import static dev.capstan.testing.ScriptedSupervisor.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceState;
import dev.capstan.api.StreamName;
import java.nio.file.Path;
import org.apache.felix.service.command.Process;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every verb through capstanctl and the command endpoint, with supervisorctl's exit codes. */
class CapstanCtlTest {
    @TempDir
    Path dir;
    private RunningControl control;

    @BeforeEach
    void start() throws Exception {
        control = new RunningControl(dir);
        control.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.STOPPED))
                .add(status("worker:w0", ServiceState.RUNNING));
    }

    @AfterEach
    void stop() throws Exception {
        control.close();
    }

    @Test
    void statusExitCodes() {
        RunningControl.Result all = control.ctl("status");
        assertEquals(3, all.exit(), "db is stopped");
        assertEquals(3, all.lines().size());
        assertTrue(all.lines().get(1).matches("web {30}RUNNING   pid 4242, uptime 0:00:\\d\\d"), all.out());
        assertEquals(0, control.ctl("status", "web", "worker:*").exit());
        RunningControl.Result unknown = control.ctl("status", "nosuch");
        assertEquals(new RunningControl.Result(4, "nosuch: ERROR (no such process)\n", ""), unknown);
        RunningControl.Result json = control.ctl("status", "--json", "web");
        assertEquals(0, json.exit());
        assertTrue(json.out().startsWith("[\n  {\"name\":\"web\""), json.out());
    }

    @Test
    void startStopRestartSignal() {
        control.supervisor.failures.put("start db", Fault.SPAWN_ERROR);
        assertEquals(new RunningControl.Result(7, "db: ERROR (spawn error)\n", ""), control.ctl("start", "db"));
        assertEquals(new RunningControl.Result(0, "web: ERROR (already started)\n", ""), control.ctl("start", "web"));
        assertEquals(new RunningControl.Result(1, "nosuch: ERROR (no such process)\n", ""), control.ctl("start", "nosuch"));
        assertEquals(2, control.ctl("start").exit());
        assertEquals(new RunningControl.Result(0, "web: stopped\n", ""), control.ctl("stop", "web"));
        assertEquals(new RunningControl.Result(0, "worker:w0: stopped\nworker:w0: started\n", ""),
                control.ctl("restart", "worker:*"));
        assertEquals(new RunningControl.Result(0, "worker:w0: signalled\n", ""), control.ctl("signal", "HUP", "w0"));
    }

    @Test
    void logsAndTheRest() {
        control.logs.write("web", StreamName.STDERR, "boom\n");
        assertEquals(new RunningControl.Result(0, "boom\n", ""), control.ctl("tail", "web", "stderr"));
        assertEquals(new RunningControl.Result(0, ProcessHandle.current().pid() + "\n", ""), control.ctl("pid"));
        assertEquals(0, control.ctl("reread").exit());
        assertTrue(control.ctl("help").out().startsWith("default commands (type help <topic>):"));
        assertEquals(new RunningControl.Result(0, "Shut down\n", ""), control.ctl("shutdown"));
        assertEquals(0, control.container.exitCode);
    }

    @Test
    void unknownCommandsAndBadLinesGetOneLineAndTheirCode() {
        assertEquals(new RunningControl.Result(1, "*** Unknown syntax: nosuch arg\n", ""), control.ctl("nosuch", "arg"));
        RunningControl.Result odd = control.ctl("status", "a b", "$HOME", "{x}");
        assertEquals(4, odd.exit(), "every argument arrives as typed");
        assertEquals("a b: ERROR (no such process)\n$HOME: ERROR (no such process)\n{x}: ERROR (no such process)\n", odd.out());
    }

    @Test
    void felixStyleCommandsWorkToo() {
        control.processor.addCommand("felix", new FelixLike(), "lb");
        control.processor.addCommand("felix", new FelixLike(), "bundle");
        assertEquals(new RunningControl.Result(0, "0|Active|System Bundle\n", ""), control.ctl("lb"));
        assertEquals(new RunningControl.Result(0, "bundle 5\n", ""), control.ctl("bundle", "5"), "a returned value is printed");
        RunningControl.Result wrong = control.ctl("bundle", "five");
        assertEquals(2, wrong.exit(), "arguments no method takes");
        assertTrue(wrong.err().startsWith("error: Cannot coerce bundle("), wrong.err());
    }

    @Test
    void gogoSyntaxErrorsExitTwo() throws Exception {
        try (RawClient raw = new RawClient(control.socket)) {
            String reply = raw.command("status \"unclosed").readUntil("x1:2");
            assertTrue(reply.startsWith("HTTP/1.1 200 OK\r\n") && reply.contains("*** Syntax error"), reply);
        }
    }

    @Test
    void theInteractiveShellRunsEachLineAndKeepsHistory() {
        RunningControl.Result r = control.ctlWithInput("start db\nhistory\n!st\nlb\nquit\n");
        assertEquals(0, r.exit(), "the shell always exits 0");
        assertEquals(String.join("\n",
                "db                               STOPPED   Not started",
                "web                              RUNNING   pid 4242, uptime 0:00:00",
                "worker:w0                        RUNNING   pid 4242, uptime 0:00:00",
                "db: started",
                "1  start db",
                "2  history",
                "start db",
                "db: ERROR (already started)",
                "*** Unknown syntax: lb",
                ""), r.out().replaceAll("uptime 0:00:0\\d", "uptime 0:00:00"));
    }

    @Test
    void supervisorctlJoinsItsArgumentsIntoOneLine() {
        assertEquals(new RunningControl.Result(0, "worker:w0: signalled\n", ""), control.supervisorctl("signal HUP", "w0"),
                "Ansible passes 'signal HUP' as one word");
        assertEquals(new RunningControl.Result(0, "web: stopped\n", ""), control.supervisorctl("stop web"));
        assertEquals(3, control.supervisorctl("status").exit());
        RunningControl.Result usage = control.supervisorctl("-h");
        assertTrue(usage.out().startsWith("supervisorctl -- control a running Capstan"), usage.out());
    }

    /** Shaped like gogo.command's commands: they print, or return a value for the shell to print. */
    public static final class FelixLike {
        public void lb() {
            Process.Utils.current().out().println("0|Active|System Bundle");
        }

        public String bundle(long id) {
            return "bundle " + id;
        }
    }
}
