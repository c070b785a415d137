package dev.capstan.logs;

import dev.capstan.logs.lines.LineFramer;
import dev.capstan.logs.lines.LineListeners;
import dev.capstan.process.OutputHandler;
import java.nio.ByteBuffer;

/**
 * Reads a stream that is logged nowhere ({@code NONE}) but whose lines a readiness check must
 * see. Without listeners the stream would be /dev/null and this would not exist.
 */
final class DiscardCapture implements OutputHandler, LineFramer.Lines {

    private final LineListeners listeners;
    private final LineFramer framer = new LineFramer();

    DiscardCapture(LineListeners listeners) {
        this.listeners = listeners;
    }

    @Override
    public synchronized void onOutput(ByteBuffer bytes) {
        if (listeners.active()) {
            framer.feed(bytes, this);
        }
    }

    @Override
    public void onEnd() {
        finish();
    }

    synchronized void finish() {
        framer.finish(this);
    }

    @Override
    public void line(ByteBuffer buf, int from, int to, boolean continued) {
        listeners.line(buf, from, to);
    }
}
