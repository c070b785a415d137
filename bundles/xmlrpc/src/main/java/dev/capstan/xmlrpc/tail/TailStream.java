package dev.capstan.xmlrpc.tail;

import dev.capstan.http.HttpResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * supervisord's {@code tail_f_producer} as a chunked response: the last 1024 bytes first, then
 * each piece of output as it is written, and {@code ==> File truncated <==} when the log shrinks
 * (a {@code clear}, a copytruncate). Runs on the connection's thread until the client leaves;
 * the logs thread only queues, and at most {@link #LIMIT} bytes wait for a slow client (the rest
 * is dropped, and the client told how much).
 */
final class TailStream implements Consumer<byte[]> {

    /** The first chunk: supervisord's {@code tail_f_producer(request, logfile, 1024)}. */
    static final int HEAD = 1024;
    static final int LIMIT = 1 << 20;
    /** How often the log's size is looked at, for truncation and for a client that left. */
    private static final long CHECK_MILLIS = 200;
    static final byte[] TRUNCATED = "==> File truncated <==\n".getBytes(StandardCharsets.US_ASCII);

    private final LinkedBlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    private TailStream() {
    }

    /** Answers the request with the tail of {@code source}; returns when the client has gone. */
    static void serve(TailSource source, HttpResponse response, boolean unbuffered) throws IOException {
        TailStream tail = new TailStream();
        try (AutoCloseable following = source.follow(tail)) {
            if (unbuffered) {
                // tells a reverse proxy (nginx) not to buffer the stream, as supervisord does
                response.header("X-Accel-Buffering", "no");
            }
            OutputStream out = response.stream(200, "text/plain;charset=utf-8");
            tail.pump(source, out, response);
        } catch (IOException e) {
            // the client went away while we wrote
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** Called on the logs thread. */
    @Override
    public void accept(byte[] chunk) {
        if (queued.addAndGet(chunk.length) > LIMIT) {
            queued.addAndGet(-chunk.length);
            dropped.addAndGet(chunk.length);
            return;
        }
        chunks.add(chunk);
    }

    /**
     * Output delivered before the first chunk is read is in it, and skipped; what comes later
     * is sent. So nothing goes missing between the two, and a piece shows twice only if it is
     * delivered after the first chunk was read.
     */
    private void pump(TailSource source, OutputStream out, HttpResponse response) throws IOException, InterruptedException {
        List<byte[]> inHead = new ArrayList<>();
        chunks.drainTo(inHead);
        for (byte[] chunk : inHead) {
            queued.addAndGet(-chunk.length);
        }
        long size = source.size();
        write(out, source.last(HEAD));
        while (!response.clientGone()) {
            byte[] chunk = chunks.poll(CHECK_MILLIS, TimeUnit.MILLISECONDS);
            long now = source.size();
            if (now < size) {
                write(out, TRUNCATED);
            }
            size = now;
            if (chunk == null) {
                continue;
            }
            queued.addAndGet(-chunk.length);
            write(out, chunk);
            long lost = dropped.getAndSet(0);
            if (lost > 0) {
                write(out, ("\n[capstan: " + lost + " bytes dropped: the client reads too slowly]\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** One chunk; never an empty one, which would end the response. */
    private static void write(OutputStream out, byte[] bytes) throws IOException {
        if (bytes.length > 0) {
            out.write(bytes);
        }
    }
}
