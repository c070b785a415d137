package dev.capstan.shell;

import static dev.capstan.testing.ScriptedSupervisor.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceState;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusCommandsTest {
    private final TestShell shell = new TestShell();

    @Test
    void allRunningExitsZeroInLexicalOrder() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.BACKOFF))
                .add(status("batch:b1", ServiceState.STARTING));
        TestShell.Run r = shell.run("status");
        assertEquals(0, r.exit(), r.out());
        List<String> lines = r.out().lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("batch:b1                         STARTING"), lines.get(0));
        assertTrue(lines.get(1).startsWith("db                               BACKOFF"), lines.get(1));
        assertTrue(lines.get(2).matches("web {30}RUNNING   pid 4242, uptime 0:00:0\\d"), lines.get(2));
    }

    @Test
    void aStoppedServiceExitsThree() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.FATAL));
        assertEquals(3, shell.run("status").exit());
        assertEquals(0, shell.run("status web").exit(), "only web is selected");
        assertEquals(3, shell.run("status all").exit());
    }

    @Test
    void unknownNamesExitFourUnlessSomethingSelectedIsStopped() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.STOPPED));
        TestShell.Run r = shell.run("status nosuch web");
        assertEquals(4, r.exit());
        assertTrue(r.out().startsWith("nosuch: ERROR (no such process)\nweb "), r.out());
        assertEquals("nogroup: ERROR (no such group)\n", shell.run("status nogroup:*").out());
        // supervisorctl sets 4, then 3 for the stopped one: the last one wins.
        assertEquals(3, shell.run("status nosuch db").exit());
    }

    @Test
    void groupsSelectTheirMembers() throws Exception {
        shell.supervisor.add(status("worker:w0", ServiceState.RUNNING)).add(status("worker:w1", ServiceState.RUNNING))
                .add(status("web", ServiceState.STOPPED));
        TestShell.Run r = shell.run("status worker:*");
        assertEquals(0, r.exit());
        assertEquals(List.of("worker:w0", "worker:w1"), r.out().lines().map(l -> l.split(" ")[0]).toList());
        assertEquals(1, shell.run("status worker:w1").out().lines().count());
        assertEquals(1, shell.run("status w1").out().lines().count(), "a process name alone is unique in Capstan");
    }

    @Test
    void jsonHasOneObjectPerServiceAndKeepsErrorsOffStdout() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.STOPPED));
        TestShell.Run r = shell.run("status --json web nosuch");
        assertEquals(4, r.exit());
        assertEquals("nosuch: ERROR (no such process)\n", r.err());
        assertTrue(r.out().startsWith("[\n  {\"name\":\"web\",\"group\":\"web\",\"fullname\":\"web\",\"state\":\"RUNNING\","
                + "\"statecode\":20,\"running\":true,\"ready\":true,\"pid\":4242,\"uptime\":"), r.out());
        assertTrue(r.out().endsWith("}\n]\n"), r.out());
        assertEquals("[]\n", shell.run("status --json nosuch").out());
        assertEquals(2, shell.run("status --yaml").exit());
    }

    @Test
    void jsonStringsAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", StatusJson.string("a\"b\\c\nd\u0001"));
    }

    @Test
    void pidOfCapstanOfAServiceAndOfAll() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING)).add(status("db", ServiceState.STOPPED));
        assertEquals(ProcessHandle.current().pid() + "\n", shell.run("pid").out());
        assertEquals(new TestShell.Run("4242\n", "", 0), shell.run("pid web"));
        assertEquals(new TestShell.Run("0\n", "", 7), shell.run("pid db"));
        assertEquals(new TestShell.Run("No such process nosuch\n", "", 1), shell.run("pid nosuch"));
        assertEquals("0\n4242\n", shell.run("pid all").out());
    }

    @Test
    void availListsServicesInUseThenWhatTheFileAdds() throws Exception {
        shell.supervisor.add(status("web", ServiceState.RUNNING, 10));
        shell.configuration.plan = new ReloadPlan(List.of("new"), List.of(), List.of());
        shell.supervisor.add(status("batch:b1", ServiceState.STOPPED, 5));
        assertEquals(String.format("%-32s %-9s %-9s %s%n%-32s %-9s %-9s %s%n%-32s %s%n",
                "batch:b1", "in use", "auto", "999:5", "web", "in use", "auto", "10:10", "new", "avail"),
                shell.run("avail").out());
        assertEquals(new TestShell.Run("Error: avail accepts no arguments\n", "", 2), shell.run("avail web"));
        shell.configuration.brokenFile = "capstan.conf:3: command: empty";
        TestShell.Run r = shell.run("avail");
        assertEquals(1, r.exit());
        assertTrue(r.out().endsWith("ERROR: capstan.conf:3: command: empty\n"), r.out());
    }
}
