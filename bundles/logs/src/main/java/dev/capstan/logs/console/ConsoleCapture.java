package dev.capstan.logs.console;

import dev.capstan.api.StreamName;
import dev.capstan.logs.lines.ByteBuilder;
import dev.capstan.logs.lines.LineFramer;
import dev.capstan.logs.lines.LineListeners;
import dev.capstan.logs.lines.Timestamps;
import dev.capstan.logs.tails.ByteRing;
import dev.capstan.logs.tails.Followers;
import dev.capstan.process.OutputHandler;
import java.nio.ByteBuffer;

/**
 * Reads one stream of one run of a service whose output goes to Capstan's console: each whole
 * line is formatted ({@link ConsoleFormat}) and the lines of one read are written out together,
 * never a part of a line. The raw bytes are also kept for {@code tail} and sent to followers.
 */
public final class ConsoleCapture implements OutputHandler, LineFramer.Lines {

    /** Hand formatted lines to the console at least this often, so a huge read is not held in memory. */
    private static final int FLUSH_AT = 64 * 1024;

    private final Console console;
    private final StreamName target;
    private final LineOrigin origin;
    private final ByteRing tail;
    private final Followers followers;
    private final LineListeners listeners;
    private final LineFramer framer = new LineFramer();
    private final Timestamps clock = new Timestamps();
    private final ByteBuilder out = new ByteBuilder();
    private ConsoleFormat format;
    private byte[] time;

    public ConsoleCapture(Console console, StreamName target, LineOrigin origin, ByteRing tail, Followers followers,
                   LineListeners listeners) {
        this.console = console;
        this.target = target;
        this.origin = origin;
        this.tail = tail;
        this.followers = followers;
        this.listeners = listeners;
    }

    @Override
    public synchronized void onOutput(ByteBuffer bytes) {
        tail.write(bytes);
        followers.publish(bytes);
        begin();
        framer.feed(bytes, this);
        flush();
    }

    @Override
    public void onEnd() {
        finish();
    }

    /** Writes out a last line that had no newline. Idempotent. */
    public synchronized void finish() {
        if (framer.hasPartial()) {
            begin();
            framer.finish(this);
            flush();
        }
    }

    @Override
    public void line(ByteBuffer buf, int from, int to, boolean continued) {
        format.append(out, origin, time, null, buf, from, to, continued);
        listeners.line(buf, from, to);
        if (out.length() >= FLUSH_AT) {
            flush();
        }
    }

    /** Format and time are taken once per read: every line of one read carries the same time. */
    private void begin() {
        format = console.format();
        time = clock.now();
    }

    private void flush() {
        if (!out.isEmpty()) {
            console.write(target, out.buffer());
            out.clear();
        }
    }
}
