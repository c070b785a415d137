package dev.capstan.shell;

import dev.capstan.shell.test.CommandRegistry;
import dev.capstan.shell.test.MemoryLogs;
import dev.capstan.shell.test.RecordingContainer;
import dev.capstan.shell.test.ScriptedConfiguration;
import dev.capstan.shell.test.ScriptedSupervisor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Job;

/**
 * The real Gogo runtime with every command component registered, over test doubles of the
 * engine, the logs, the configuration and the container.
 */
final class TestShell {
    final ScriptedSupervisor supervisor = new ScriptedSupervisor();
    final MemoryLogs logs = new MemoryLogs();
    final ScriptedConfiguration configuration = new ScriptedConfiguration();
    final RecordingContainer container = new RecordingContainer();
    final CommandProcessorImpl processor = new CommandProcessorImpl(new ThreadIOImpl());

    TestShell() {
        CommandRegistry.register(processor,
                new StatusCommands(supervisor, configuration),
                new LifecycleCommands(supervisor),
                new LogCommands(supervisor, logs),
                new ConfigurationCommands(supervisor, configuration),
                new ShutdownCommand(container),
                new HelpCommand());
    }

    record Run(String out, String err, int exit) {
    }

    /** One command line in a fresh session, as the control socket runs it. */
    Run run(String line) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        AtomicInteger exit = new AtomicInteger();
        try (CommandSession session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, err)) {
            session.put("SCOPE", "capstan:*");
            session.put(CommandSession.OPTION_NO_GLOB, Boolean.TRUE);
            session.setJobListener((job, previous, current) -> {
                if (current == Job.Status.Done && job.parent() == null && job.result() != null) {
                    exit.set(job.result().error());
                }
            });
            session.execute(line);
        }
        return new Run(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), exit.get());
    }
}
