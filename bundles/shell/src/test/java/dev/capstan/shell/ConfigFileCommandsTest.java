package dev.capstan.shell;

import static dev.capstan.testing.ScriptedSupervisor.status;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceState;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigFileCommandsTest {
    private final TestShell shell = new TestShell();

    @Test
    void rereadSaysWhatWouldChange() throws Exception {
        assertEquals(new TestShell.Run("No config updates to processes\n", "", 0), shell.run("reread"));
        shell.configuration.plan = new ReloadPlan(List.of("new"), List.of("web"), List.of("old"));
        assertEquals("new: available\nweb: changed\nold: disappeared\n", shell.run("reread").out());
        shell.configuration.brokenFile = "/etc/capstan/capstan.conf:12: startsecs: not a number: soon";
        assertEquals(new TestShell.Run("ERROR: /etc/capstan/capstan.conf:12: startsecs: not a number: soon\n", "", 1),
                shell.run("reread"));
        assertEquals(new TestShell.Run("Error: reread accepts no arguments\n", "", 2), shell.run("reread web"));
    }

    @Test
    void updateAppliesAndReportsAsSupervisorctl() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("old", ServiceState.RUNNING));
        shell.configuration.plan = new ReloadPlan(List.of("new"), List.of("web"), List.of("old"));
        assertEquals(new TestShell.Run(String.join("\n", "old: stopped", "old: removed process group",
                "web: stopped", "web: updated process group", "new: added process group", ""), "", 0), shell.run("update"));
        shell.run("update all");
        shell.run("update web new");
        assertEquals(List.of(List.of(), List.of(), List.of("web", "new")), shell.configuration.updates);
        shell.configuration.plan = new ReloadPlan(List.of(), List.of(), List.of());
        assertEquals(new TestShell.Run("ERROR: no such group: nosuch\n", "", 1), shell.run("update nosuch"));
    }

    @Test
    void addStartsWhatTheFileGained() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING));
        shell.configuration.plan = new ReloadPlan(List.of("batch:b1"), List.of(), List.of());
        assertEquals(new TestShell.Run("ERROR: process group already active\n", "", 0), shell.run("add web"));
        assertEquals(new TestShell.Run("batch: added process group\n", "", 0), shell.run("add batch"));
        assertEquals(List.of(List.of("batch")), shell.configuration.updates);
        assertEquals(new TestShell.Run("ERROR: no such process/group: nosuch\n", "", 1), shell.run("add nosuch"));
    }

    @Test
    void removeForgetsOnlyStoppedServices() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("worker:w0", ServiceState.STOPPED))
                .add(status("worker:w1", ServiceState.EXITED));
        assertEquals(new TestShell.Run("ERROR: process/group still running: web\n", "", 1), shell.run("remove web"));
        assertEquals(new TestShell.Run("worker: removed process group\n", "", 0), shell.run("remove worker"));
        assertEquals(List.of("remove worker:w0", "remove worker:w1"), shell.supervisor.calls.stream().sorted().toList());
        assertEquals(new TestShell.Run("ERROR: no such group: worker\n", "", 1), shell.run("remove worker"));
    }

    @Test
    void reloadBouncesEveryAutostartService() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING, 20)).add(status("db", ServiceState.RUNNING, 10))
                .add(status("off", ServiceState.STOPPED, 30));
        assertEquals(new TestShell.Run("Restarted capstan\n", "", 0), shell.run("reload"));
        assertEquals(List.of("stop web", "stop db", "start db", "start web", "start off"), shell.supervisor.calls);
        assertEquals(List.of(List.of()), shell.configuration.updates, "the file is applied between stop and start");
    }

    @Test
    void reloadWithABrokenFileLeavesEveryServiceAsItIs() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING, 20)).add(status("db", ServiceState.RUNNING, 10));
        shell.configuration.brokenFile = "/etc/capstan/capstan.conf:12: startsecs: not a number: soon";
        assertEquals(new TestShell.Run("ERROR: /etc/capstan/capstan.conf:12: startsecs: not a number: soon\n", "", 1),
                shell.run("reload"));
        assertEquals(List.of(), shell.supervisor.calls, "nothing stopped, nothing started");
        assertEquals(List.of(), shell.configuration.updates);
    }
}
