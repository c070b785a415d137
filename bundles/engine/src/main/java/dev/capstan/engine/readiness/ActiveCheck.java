package dev.capstan.engine.readiness;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A check Capstan runs itself, attempt by attempt: {@code tcp:}, {@code http://}, {@code exec:}. */
public interface ActiveCheck {

    /**
     * Starts one attempt without blocking the caller. The result comes on any thread and never
     * exceptionally: an attempt that cannot run, or runs out of time, is a failed one.
     */
    CompletableFuture<CheckResult> attempt(Duration timeout);
}
