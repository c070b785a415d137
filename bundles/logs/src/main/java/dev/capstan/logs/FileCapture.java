package dev.capstan.logs;

import dev.capstan.process.OutputHandler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads one stream of one run of a service whose output goes to a log file that Capstan writes
 * (because it rotates, carries timestamps, or has line listeners). Without timestamps the bytes
 * go to the file as read, in one write per read and with no per-line work; lines are only
 * looked for while a listener wants them.
 */
final class FileCapture implements OutputHandler, LineFramer.Lines {

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

    FileCapture(LogFile file, Followers followers, boolean timestamps, LineListeners listeners) {
        this.file = file;
        this.followers = followers;
        this.timestamps = timestamps;
        this.listeners = listeners;
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
    synchronized void finish() {
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
