package dev.capstan.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.shell.test.CommandShell;
import org.junit.jupiter.api.Test;

class VersionCommandTest {
    private final TestShell shell = new TestShell();

    @Test
    void showsTheLaunchersVersionAsSupervisorctlDoes() throws Exception {
        assertEquals(new TestShell.Run(CommandShell.VERSION + "\n", "", 0), shell.run("version"));
        assertEquals(new TestShell.Run("Error: version accepts no arguments\n", "", ExitCode.INVALID_ARGS),
                shell.run("version 2"));
    }
}
