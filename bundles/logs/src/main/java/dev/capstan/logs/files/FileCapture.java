package dev.capstan.logs.files;

import dev.capstan.logs.console.ConsoleFormat;
import dev.capstan.logs.lines.ByteBuilder;
import dev.capstan.logs.lines.LineFramer;
import dev.capstan.logs.lines.LineListeners;
import dev.capstan.logs.lines.Timestamps;
import dev.capstan.logs.tails.Followers;
import dev.capstan.process.ReadyPipe;
import dev.capstan.process.SplicingHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Takes one stream of one run of a service whose output goes to a log file that Capstan writes
 * (because it rotates, carries timestamps, or has line listeners). While nothing needs to see the
 * bytes (no timestamps, no line listener, no {@code tail -f} follower) they are spliced from the
 * pipe into the file and never enter the JVM ({@link LogFile#splice}); otherwise they are read and
 * go to the file in one write per read, with per-line work only for timestamps and only while a
 * listener wants lines.
 */
public final class FileCapture implements SplicingHandler, LineFramer.Lines {

    private static final int FLUSH_AT = 64 * 1024;
    private static final byte[] CONTINUED = ConsoleFormat.CONTINUED.getBytes(StandardCharsets.US_ASCII);

    private final LogFile file;
    private final Followers followers;
    private final boolean timestamps;
    private final LineListeners listeners;
    private final LineFramer framer = new LineFramer();
    private final Timestamps clock = new Timestamps();
    private final ByteBuilder out = new ByteBuilder();
    private byte[] time;

    public FileCapture(LogFile file, Followers followers, boolean timestamps, LineListeners listeners) {
        this.file = file;
        this.followers = followers;
        this.timestamps = timestamps;
        this.listeners = listeners;
    }

    @Override
    public synchronized void onReadable(ReadyPipe pipe) {
        if (!timestamps && !listeners.active() && !followers.active()) {
            file.splice(pipe);
        }
    }

    @Override
    public synchronized void onOutput(ByteBuffer bytes) {
        if (timestamps) {
            time = clock.now();
            framer.feed(bytes, this);
            flush();
            return;
        }
        if (listeners.active()) {
            framer.feed(bytes, this);
        }
        followers.publish(bytes);
        file.write(bytes);
    }

    @Override
    public void onEnd() {
        finish();
    }

    /** Writes out a last line that had no newline. Idempotent. */
    public synchronized void finish() {
        if (framer.hasPartial()) {
            time = clock.now();
            framer.finish(this);
            flush();
        }
    }

    @Override
    public void line(ByteBuffer buf, int from, int to, boolean continued) {
        if (timestamps) {
            out.append(time).append((byte) ' ').append(buf, from, to);
            if (continued) {
                out.append(CONTINUED);
            }
            out.append((byte) '\n');
            if (out.length() >= FLUSH_AT) {
                flush();
            }
        }
        listeners.line(buf, from, to);
    }

    private void flush() {
        if (!out.isEmpty()) {
            ByteBuffer b = out.buffer();
            followers.publish(b);
            file.write(b);
            out.clear();
        }
    }
}
