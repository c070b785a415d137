package dev.capstan.shell.test;

import dev.capstan.shell.ConfigFileCommands;
import dev.capstan.shell.HelpCommand;
import dev.capstan.shell.LifecycleCommands;
import dev.capstan.shell.LogCommands;
import dev.capstan.shell.ShutdownCommand;
import dev.capstan.shell.StatusCommands;
import dev.capstan.shell.VersionCommand;
import dev.capstan.testing.RecordingContainer;
import dev.capstan.testing.ScriptedSupervisor;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;

/**
 * The real Gogo runtime with every command component registered, over test doubles of the
 * engine, the logs, the configuration and the container. The shell's tests run command lines in
 * it; the control bundle's tests put their socket in front of it.
 */
public class CommandShell {
    /** What {@code version} answers. */
    public static final String VERSION = "1.2.3-test";

    public final ScriptedSupervisor supervisor = new ScriptedSupervisor();
    public final MemoryLogs logs = new MemoryLogs();
    public final ScriptedConfigFile configuration = new ScriptedConfigFile();
    public final RecordingContainer container = new RecordingContainer();
    public final CommandProcessorImpl processor = new CommandProcessorImpl(new ThreadIOImpl());

    public CommandShell() {
        CommandRegistry.register(processor,
                new StatusCommands(supervisor, configuration),
                new LifecycleCommands(supervisor),
                new LogCommands(supervisor, logs),
                new ConfigFileCommands(supervisor, configuration),
                new ShutdownCommand(container),
                new HelpCommand(),
                new VersionCommand(VERSION));
    }
}
