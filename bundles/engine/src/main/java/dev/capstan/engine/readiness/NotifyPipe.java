package dev.capstan.engine.readiness;

import dev.capstan.process.OutputHandler;
import java.nio.ByteBuffer;

/**
 * The read end of a {@code notify:FD} pipe: the service is ready when it writes a newline to its
 * fd FD (s6's notification-fd protocol). Runs on a kernel pipe-reader thread.
 */
final class NotifyPipe implements OutputHandler {
    private final Runnable onNewline;
    private boolean fired;

    NotifyPipe(Runnable onNewline) {
        this.onNewline = onNewline;
    }

    @Override
    public void onOutput(ByteBuffer bytes) {
        if (fired) {
            return;
        }
        for (int i = bytes.position(); i < bytes.limit(); i++) {
            if (bytes.get(i) == '\n') {
                fired = true;
                onNewline.run();
                return;
            }
        }
    }

    @Override
    public void onEnd() {
        // Closing the fd without a newline says nothing: the service is simply not ready.
    }
}
