package dev.capstan.core.engine;

import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.process.Stdio;
import java.util.function.Consumer;

/**
 * The output of a service while no logs bundle is there: the child writes straight to Capstan's
 * own stdout and stderr, as under s6-overlay by default. Nothing reads it, so {@code log:}
 * readiness cannot pass and {@code tail} has nothing; supervision itself is unaffected.
 */
final class InheritedOutput implements ServiceOutput {
    private final boolean redirectStderr;

    InheritedOutput(ServiceSpec spec) {
        this.redirectStderr = spec.redirectStderr();
    }

    @Override
    public Stdio stdout() {
        return Stdio.inherit();
    }

    @Override
    public Stdio stderr() {
        return redirectStderr ? Stdio.sameAsStdout() : Stdio.inherit();
    }

    @Override
    public AutoCloseable onLine(Consumer<String> listener) {
        return () -> { };
    }

    @Override
    public void close() {
    }
}
