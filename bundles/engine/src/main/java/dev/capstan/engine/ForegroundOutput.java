package dev.capstan.engine;

import dev.capstan.api.ServiceOutput;
import dev.capstan.process.Stdio;
import java.util.function.Consumer;

/**
 * The output of a {@code foreground} service (the container's CMD): Capstan's own stdout and
 * stderr, as they are. Nothing goes through the logs bundle, so there are no lines to listen to.
 */
final class ForegroundOutput implements ServiceOutput {
    static final ForegroundOutput INSTANCE = new ForegroundOutput();

    private ForegroundOutput() {
    }

    @Override
    public Stdio stdout() {
        return Stdio.inherit();
    }

    @Override
    public Stdio stderr() {
        return Stdio.inherit();
    }

    /** @return this, whose close does nothing: there is nothing to stop listening to */
    @Override
    public AutoCloseable onLine(Consumer<String> listener) {
        return this;
    }

    @Override
    public void close() {
        // nothing was opened
    }
}
