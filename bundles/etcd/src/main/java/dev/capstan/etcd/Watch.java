package dev.capstan.etcd;

import dev.capstan.http.client.ClientStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;

/**
 * One watch: the gateway answers {@code POST /v3/watch} with a chunked stream of JSON objects,
 * one per line, and keeps it open while the request side is open. One thread reads; {@link
 * #close} may come from any thread.
 */
final class Watch implements AutoCloseable {

    private final ClientStream stream;
    /** Bytes of messages not yet read whole; a message is at most {@link Gateway#MAX_BODY}. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    Watch(ClientStream stream) {
        this.stream = stream;
    }

    /**
     * The next message, blocking until it has come.
     *
     * @throws EtcdException for an error message of the gateway's
     * @throws IOException   when the stream ends or breaks (etcd went away, or {@link #close})
     */
    WatchResponse next() throws IOException {
        while (true) {
            byte[] buffered = pending.toByteArray();
            int newline = indexOf(buffered, (byte) '\n');
            if (newline >= 0) {
                pending.reset();
                pending.write(buffered, newline + 1, buffered.length - newline - 1);
                if (newline > 0) {
                    return message(Arrays.copyOf(buffered, newline));
                }
                continue;
            }
            byte[] chunk = stream.next();
            if (chunk == null) {
                throw new EOFException("the watch stream ended");
            }
            if (pending.size() + chunk.length > Gateway.MAX_BODY) {
                throw new EtcdException("a watch message longer than " + Gateway.MAX_BODY + " bytes");
            }
            pending.write(chunk);
        }
    }

    @Override
    public void close() {
        stream.close();
    }

    private static WatchResponse message(byte[] line) throws EtcdException {
        Map<String, Object> message = Json.object(line, Gateway.MAX_BODY);
        if (message.containsKey("error")) {
            Map<String, Object> error = Json.object(message, "error");
            throw new EtcdException("watch: " + Json.text(error, "message"), (int) Json.number(error, "grpc_code"));
        }
        return WatchResponse.of(Json.object(message, "result"));
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
