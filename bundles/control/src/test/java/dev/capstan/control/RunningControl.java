package dev.capstan.control;

import dev.capstan.ctl.CapstanCtl;
import dev.capstan.ctl.SupervisorCtl;
import dev.capstan.ctl.protocol.ControlProtocol;
import dev.capstan.http.Tier;
import dev.capstan.http.server.TestHttpServer;
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
 * The command endpoint as Capstan runs it, minus the framework: the real Gogo runtime, the real
 * command components over test doubles of the engine, the real HTTP server on a real socket,
 * driven by the real capstanctl.
 */
final class RunningControl extends CommandShell implements AutoCloseable {
    final Path socket;
    final CommandEndpoint endpoint = new CommandEndpoint(processor);
    final TestHttpServer server;

    RunningControl(Path dir) throws IOException {
        this(dir.resolve("run/capstan.sock"), 0600, false, TestHttpServer.create());
    }

    /**
     * @param everyoneOperator serve even root as an operator, as any user but root and Capstan's is
     */
    RunningControl(Path socket, int mode, boolean everyoneOperator, TestHttpServer server) throws IOException {
        this.socket = socket;
        this.server = server.endpoint(ControlProtocol.COMMAND_PATH, Tier.OPERATOR, endpoint)
                .unix(socket, mode, null, null, everyoneOperator);
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
        return client(false, stdin, args);
    }

    /** bin/supervisorctl -s SOCKET args..., in this JVM. */
    Result supervisorctl(String... args) {
        return client(true, "", args);
    }

    private Result client(boolean supervisorctl, String stdin, String... args) {
        List<String> argv = new ArrayList<>(List.of("-s", socket.toString(), "-r", socket.resolveSibling("history").toString()));
        argv.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        int exit = supervisorctl ? SupervisorCtl.run(argv.toArray(String[]::new), in, o, e, Map.of(), null, false)
                : CapstanCtl.run(argv.toArray(String[]::new), in, o, e, Map.of(), null, false);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws IOException {
        server.close();
        endpoint.deactivate();
    }
}
