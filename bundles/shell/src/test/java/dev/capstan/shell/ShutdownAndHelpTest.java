package dev.capstan.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShutdownAndHelpTest {
    private final TestShell shell = new TestShell();

    @Test
    void shutdownAsksTheContainerOnce() throws Exception {
        assertEquals(new TestShell.Run("Shut down\n", "", 0), shell.run("shutdown"));
        assertEquals(0, shell.container.exitCode);
        assertEquals(new TestShell.Run("ERROR: already shutting down\n", "", 0), shell.run("shutdown"));
        assertEquals(2, shell.run("shutdown now").exit());
    }

    @Test
    void helpListsTheCommandsAndExplainsEach() throws Exception {
        String help = shell.run("help").out();
        assertTrue(help.startsWith("""
                default commands (type help <topic>):
                =====================================
                add    health    pid     reread    signal  stop    version
                avail  help      reload  restart   start   tail \s
                clear  maintail  remove  shutdown  status  update
                """), help);
        for (String command : HelpText.commands()) {
            assertTrue(help.contains(command), command);
            assertTrue(shell.run("help " + command).out().startsWith(command), command);
        }
        assertTrue(help.contains("felix:help"), help);
        assertEquals("*** No help on lb\n", shell.run("help lb").out());
    }
}
