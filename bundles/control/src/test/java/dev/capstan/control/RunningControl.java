package dev.capstan.control;

import dev.capstan.ctl.CapstanCtl;
import dev.capstan.shell.ConfigurationCommands;
import dev.capstan.shell.HelpCommand;
import dev.capstan.shell.LifecycleCommands;
import dev.capstan.shell.LogCommands;
import dev.capstan.shell.ShutdownCommand;
import dev.capstan.shell.StatusCommands;
import dev.capstan.shell.test.CommandRegistry;
import dev.capstan.shell.test.MemoryLogs;
import dev.capstan.shell.test.RecordingContainer;
import dev.capstan.shell.test.ScriptedConfiguration;
import dev.capstan.shell.test.ScriptedSupervisor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;

/**
 * A control server as Capstan runs it, minus the framework: the real Gogo runtime, the real
 * command components over test doubles of the engine, and the real socket, driven by the real
 * capstanctl.
 */
final class RunningControl implements AutoCloseable {
    final ScriptedSupervisor supervisor = new ScriptedSupervisor();
    final MemoryLogs logs = new MemoryLogs();
    final ScriptedConfiguration configuration = new ScriptedConfiguration();
    final RecordingContainer container = new RecordingContainer();
    final CommandProcessorImpl processor = new CommandProcessorImpl(new ThreadIOImpl());
    final Path socket;
    final ControlServer server;

    RunningControl(Path dir) throws IOException {
        this(dir, null);
    }

    RunningControl(Path dir, PeerPolicy policy) throws IOException {
        this(new SocketSettings(dir.resolve("run/capstan.sock"), SocketSettings.permissions(0600), null, null), policy);
    }

    /** @param policy who may connect, or null for the real one (root and this user) */
    RunningControl(SocketSettings settings, PeerPolicy policy) throws IOException {
        CommandRegistry.register(processor,
                new StatusCommands(supervisor, configuration),
                new LifecycleCommands(supervisor),
                new LogCommands(supervisor, logs),
                new ConfigurationCommands(supervisor, configuration),
                new ShutdownCommand(container),
                new HelpCommand());
        socket = settings.path();
        SocketFile bound = SocketFile.bind(settings);
        PeerPolicy p = policy != null ? policy
                : PeerPolicy.of(socket.getFileSystem().getUserPrincipalLookupService(), bound.self(), bound.owner());
        server = ControlServer.start(bound.channel(), socket, p, processor, 2000);
    }

    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    /** capstanctl -s SOCKET args..., in this JVM. */
    Result ctl(String... args) {
        return ctlWithInput("", args);
    }

    Result ctlWithInput(String stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("-s", socket.toString(), "-r", socket.resolveSibling("history").toString()));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CapstanCtl.run(argv.toArray(String[]::new), new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of(), null, false);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        server.close();
    }
}
