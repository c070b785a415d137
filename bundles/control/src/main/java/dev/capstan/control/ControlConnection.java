package dev.capstan.control;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jdk.net.ExtendedSocketOptions;
import org.apache.felix.service.command.CommandProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client: checks who it is, reads its request, runs it on a command thread and, on this
 * thread, watches the connection. The client closing it (Ctrl-C on {@code tail -f}) ends the
 * Gogo session, which interrupts the command; the command ending closes the connection, which
 * ends the watch. Either way no thread is left behind.
 */
final class ControlConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ControlConnection.class);

    private final SocketChannel channel;
    private final ControlServer server;

    ControlConnection(SocketChannel channel, ControlServer server) {
        this.channel = channel;
        this.server = server;
    }

    @Override
    public void run() {
        try (channel) {
            ResponseWriter response = new ResponseWriter(channel, this::close);
            UserPrincipal peer = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
            if (!server.policy().allows(peer)) {
                LOG.warn("control socket: refused user {}", peer.getName());
                response.text(Protocol.STDERR, "capstan: permission denied: user " + peer.getName()
                        + " may not use this socket\n");
                response.exit(1);
                return;
            }
            String line = readRequest(response);
            if (line != null) {
                execute(line, response);
            }
        } catch (IOException e) {
            LOG.debug("control socket: connection ended: {}", e.toString());
        } finally {
            server.ended(this);
        }
    }

    private String readRequest(ResponseWriter response) throws IOException {
        ScheduledFuture<?> deadline = server.timer().schedule(this::close, server.requestTimeoutMs(), TimeUnit.MILLISECONDS);
        try {
            return RequestReader.read(channel);
        } catch (RequestReader.BadRequest e) {
            LOG.debug("control socket: bad request: {}", e.getMessage());
            response.text(Protocol.STDERR, "capstan: bad request: " + e.getMessage() + "\n");
            response.exit(2);
            return null;
        } finally {
            deadline.cancel(false);
        }
    }

    private void execute(String line, ResponseWriter response) throws IOException {
        CommandProcessor processor = server.processor();
        try (CommandExecution execution = new CommandExecution(processor,
                response.stream(Protocol.STDOUT), response.stream(Protocol.STDERR))) {
            try {
                server.commands().execute(() -> {
                    try {
                        response.exit(execution.run(line));
                    } catch (IOException e) {
                        LOG.debug("control socket: client gone before the end of '{}'", line);
                    } finally {
                        close();
                    }
                });
            } catch (RejectedExecutionException e) {
                busy(response);
                return;
            }
            awaitHangup();
        }
    }

    /** Blocks until the client closes or sends more, or until the command closed the connection. */
    private void awaitHangup() {
        try {
            channel.read(ByteBuffer.allocate(1));
        } catch (IOException e) {
            // closed by the command thread: the command is done
        }
    }

    static void busy(ResponseWriter response) throws IOException {
        response.text(Protocol.STDERR, "capstan: too many control clients (" + Protocol.MAX_CLIENTS + "); try again\n");
        response.exit(1);
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("control socket: close: {}", e.toString());
        }
    }
}
