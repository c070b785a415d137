package dev.capstan.etcd;

import dev.capstan.process.OutputHandler;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A hook's output, as lines of Capstan's log ({@code easytier hook: ...}). Called on a kernel
 * pipe thread, one call at a time. A line longer than 4 KiB is logged in pieces.
 */
final class HookOutput implements OutputHandler {

    private static final Logger LOG = LoggerFactory.getLogger(HookOutput.class);
    private static final int MAX_LINE = 4096;

    private final String service;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    HookOutput(String service) {
        this.service = service;
    }

    @Override
    public void onOutput(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                flush();
            } else {
                line.write(b);
                if (line.size() == MAX_LINE) {
                    flush();
                }
            }
        }
    }

    @Override
    public void onEnd() {
        if (line.size() > 0) {
            flush();
        }
    }

    private void flush() {
        LOG.info("{} hook: {}", service, line.toString(StandardCharsets.UTF_8));
        line.reset();
    }
}
