package dev.capstan.control;

import dev.capstan.ctl.CapstanCtl;
import dev.capstan.shell.test.CommandShell;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A control server as Capstan runs it, minus the framework: the real Gogo runtime, the real
 * command components over test doubles of the engine, and the real socket, driven by the real
 * capstanctl.
 */
final class RunningControl extends CommandShell implements AutoCloseable {
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
