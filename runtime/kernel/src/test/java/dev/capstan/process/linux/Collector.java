package dev.capstan.process.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.process.OutputHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Keeps everything a pipe delivers and records that onEnd came once, after the last bytes. */
class Collector implements OutputHandler {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CompletableFuture<byte[]> end = new CompletableFuture<>();
    private int ends;
    private int afterEnd;

    @Override
    public void onOutput(ByteBuffer buffer) {
        if (ends > 0) {
            afterEnd++;
        }
        byte[] chunk = new byte[buffer.remaining()];
        buffer.get(chunk);
        bytes.write(chunk, 0, chunk.length);
    }

    @Override
    public void onEnd() {
        ends++;
        end.complete(bytes.toByteArray());
    }

    /** Waits for the end of output and checks the handler contract on the way. */
    byte[] bytes() throws Exception {
        byte[] all = end.get(20, TimeUnit.SECONDS);
        assertEquals(1, ends, "onEnd calls");
        assertEquals(0, afterEnd, "onOutput calls after onEnd");
        return all;
    }

    String text() throws Exception {
        return new String(bytes(), StandardCharsets.UTF_8);
    }

    boolean ended() {
        return end.isDone();
    }

    /** What has arrived so far, from any thread (ByteArrayOutputStream is synchronized). */
    String snapshot() {
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
}
