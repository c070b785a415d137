package dev.capstan.shell;

import static dev.capstan.testing.ScriptedSupervisor.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.Fault;
import dev.capstan.api.ServiceState;
import java.util.List;
import org.junit.jupiter.api.Test;

class LifecycleCommandsTest {
    private final TestShell shell = new TestShell();

    @Test
    void startReportsAsSupervisorctl() throws Exception {
        shell.supervisor.add(status("web", ServiceState.STOPPED)).add(status("db", ServiceState.RUNNING))
                .add(status("bad", ServiceState.STOPPED)).add(status("dies", ServiceState.STOPPED));
        shell.supervisor.failures.put("start bad", Fault.SPAWN_ERROR);
        shell.supervisor.failures.put("start dies", Fault.ABNORMAL_TERMINATION);
        assertEquals(new TestShell.Run("web: started\n", "", 0), shell.run("start web"));
        assertEquals(new TestShell.Run("db: ERROR (already started)\n", "", 0), shell.run("start db"));
        assertEquals(new TestShell.Run("bad: ERROR (spawn error)\n", "", 7), shell.run("start bad"));
        assertEquals(new TestShell.Run("dies: ERROR (abnormal termination)\n", "", 7), shell.run("start dies"));
        assertEquals(new TestShell.Run("nosuch: ERROR (no such process)\n", "", 1), shell.run("start nosuch"));
        assertEquals(new TestShell.Run("nosuch: ERROR (no such group)\n", "", 2), shell.run("start nosuch:*"));
        assertEquals(new TestShell.Run("Error: start requires a process name\n", "", 2), shell.run("start"));
    }

    @Test
    void startAllStartsWhatIsNotRunningLowestPriorityFirst() throws Exception {
        shell.supervisor.add(status("web", ServiceState.STOPPED, 20)).add(status("db", ServiceState.EXITED, 10))
                .add(status("up", ServiceState.RUNNING, 5)).add(status("cron", ServiceState.FATAL, 30));
        TestShell.Run r = shell.run("start all");
        assertEquals(0, r.exit());
        assertEquals("cron: started\ndb: started\nweb: started\n", r.out(), "printed in name order");
        assertEquals(List.of("start db", "start web", "start cron"), shell.supervisor.calls, "started in priority order");
    }

    @Test
    void stopAllStopsWhatRunsHighestPriorityFirst() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING, 20)).add(status("db", ServiceState.RUNNING, 10))
                .add(status("off", ServiceState.STOPPED, 5));
        assertEquals(new TestShell.Run("db: stopped\nweb: stopped\n", "", 0), shell.run("stop all"));
        assertEquals(List.of("stop web", "stop db"), shell.supervisor.calls);
        assertEquals(new TestShell.Run("web: ERROR (not running)\n", "", 0), shell.run("stop web"));
    }

    @Test
    void groupsActOnTheirMembers() throws Exception {
        shell.supervisor.add(status("worker:w0", ServiceState.RUNNING)).add(status("worker:w1", ServiceState.STOPPED))
                .add(status("web", ServiceState.RUNNING));
        assertEquals("worker:w0: stopped\n", shell.run("stop worker:*").out());
        assertEquals("worker:w0: started\nworker:w1: started\n", shell.run("start worker:").out());
    }

    @Test
    void restartStopsEverythingThenStartsEverything() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.STOPPED));
        assertEquals(new TestShell.Run("web: stopped\ndb: ERROR (not running)\nweb: started\ndb: started\n", "", 0),
                shell.run("restart web db"));
        assertEquals(List.of("stop web", "stop db", "start web", "start db"), shell.supervisor.calls);
        assertEquals(2, shell.run("restart").exit());
    }

    @Test
    void signalReportsEachService() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.STOPPED));
        assertEquals(new TestShell.Run("web: signalled\n", "", 0), shell.run("signal HUP web"));
        assertEquals("signal HUP web", shell.supervisor.calls.get(0));
        assertEquals(new TestShell.Run("web: signalled\n", "", 0), shell.run("signal SIGUSR1 all"), "all: the running ones");
        assertEquals(new TestShell.Run("web: ERROR (bad signal name)\n", "", 1), shell.run("signal NOPE web"));
        assertEquals(new TestShell.Run("db: ERROR (not running)\n", "", 7), shell.run("signal 15 db"));
        assertEquals(new TestShell.Run("Error: signal requires a signal name and a process name\n", "", 2),
                shell.run("signal HUP"));
    }

    @Test
    void gogoScriptsSeeTheExitStatus() throws Exception {
        shell.supervisor.add(status("web", ServiceState.STOPPED));
        TestShell.Run r = shell.run("status web || start web");
        assertTrue(r.out().endsWith("STOPPED   Not started\nweb: started\n"), r.out());
        assertEquals(0, r.exit());
    }

    @Test
    void capstanCommandsComeBeforeFelixsOfTheSameName() throws Exception {
        shell.supervisor.add(status("web", ServiceState.STOPPED));
        Object felix = new Object() {
            @SuppressWarnings("unused")
            public void start(String bundle) {
                org.apache.felix.service.command.Process.Utils.current().out().println("felix started bundle " + bundle);
            }
        };
        shell.processor.addCommand("felix", felix, "start");
        assertEquals("web: started\n", shell.run("start web").out());
        assertEquals("felix started bundle 5\n", shell.run("felix:start 5").out());
    }
}
