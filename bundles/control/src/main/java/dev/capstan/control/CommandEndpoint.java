package dev.capstan.control;

import dev.capstan.ctl.protocol.ControlProtocol;
import dev.capstan.http.HttpEndpoint;
import dev.capstan.http.HttpRequest;
import dev.capstan.http.HttpResponse;
import dev.capstan.http.Tier;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /capstan/command}: the command line in the body, the answer in frames
 * ({@link ControlProtocol}). An administrator's line runs in a fresh Gogo session; an operator's
 * must be an {@link OperatorCommand}, else 403. The command runs on this endpoint's pool while
 * the connection's thread waits for the client to hang up; a client that leaves (Ctrl-C on
 * {@code tail -f}) ends the Gogo session, which interrupts the command.
 */
@Component(service = HttpEndpoint.class, property = HttpEndpoint.PATH + "=" + ControlProtocol.COMMAND_PATH,
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class CommandEndpoint implements HttpEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(CommandEndpoint.class);
    private static final String TEXT = "text/plain; charset=utf-8";
    /** Commands at once: as many as both listeners' connections. */
    static final int MAX_COMMANDS = 128;

    private final CommandProcessor processor;
    private final ThreadPoolExecutor commands = new ThreadPoolExecutor(0, MAX_COMMANDS, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), new CommandThreads());

    @Activate
    public CommandEndpoint(@Reference CommandProcessor processor) {
        this.processor = processor;
    }

    @Deactivate
    void deactivate() {
        commands.shutdownNow();
    }

    @Override
    public void serve(HttpRequest request, HttpResponse response) throws IOException {
        if (!request.method().equals("POST")) {
            response.header("Allow", "POST").send(405, TEXT, text("capstan: POST a command line to " + ControlProtocol.COMMAND_PATH));
            return;
        }
        String line;
        try {
            line = commandLine(request.body());
        } catch (BadLine e) {
            response.send(400, TEXT, text("capstan: bad request: " + e.getMessage()));
            return;
        }
        OperatorCommand operator = null;
        if (request.peer().tier() != Tier.ADMINISTRATOR) {
            try {
                operator = OperatorCommand.parse(line);
            } catch (OperatorCommand.Refused e) {
                LOG.info("control: refused to operator {} ({}): {}", request.peer().user(), request.peer().transport(), line);
                response.send(403, TEXT, text("capstan: permission denied: " + e.getMessage()));
                return;
            }
        }
        OutputStream stream = response.stream(200, ControlProtocol.FRAMES_TYPE);
        FrameWriter frames = new FrameWriter(stream);
        try (CommandExecution execution = new CommandExecution(processor, frames.stream(ControlProtocol.STDOUT),
                frames.stream(ControlProtocol.STDERR))) {
            try {
                commands.execute(new CommandRun(execution, operator, line, frames));
            } catch (RejectedExecutionException e) {
                frames.text(ControlProtocol.STDERR, "capstan: " + MAX_COMMANDS + " commands are running; try again\n");
                frames.exit(1);
                return;
            }
            if (response.awaitHangup()) {
                LOG.debug("control: the client left during '{}'", line);
            }
        }
    }

    /** Commands running now. */
    int running() {
        return commands.getActiveCount();
    }

    private static byte[] text(String line) {
        return (line + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The body as one command line: UTF-8, at most one final line end, no control character but tab. */
    static String commandLine(byte[] body) throws BadLine {
        if (body.length > ControlProtocol.MAX_LINE) {
            throw new BadLine("longer than " + ControlProtocol.MAX_LINE + " bytes");
        }
        String line;
        try {
            line = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new BadLine("not UTF-8");
        }
        if (line.endsWith("\n")) {
            line = line.substring(0, line.length() - (line.endsWith("\r\n") ? 2 : 1));
        }
        String wrong = ControlProtocol.checkLine(line);
        if (wrong != null) {
            throw new BadLine(wrong);
        }
        return line;
    }

    /** A body that is not a command line: 400. */
    static final class BadLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadLine(String message) {
            super(message, null, false, false);
        }
    }
}
