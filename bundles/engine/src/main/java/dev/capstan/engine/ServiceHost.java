package dev.capstan.engine;

import dev.capstan.engine.events.StatePublisher;

/** What a supervised service needs from the engine that holds it. */
interface ServiceHost {

    EngineLoop loop();

    RunLauncher launcher();

    StatePublisher publisher();

    /** No automatic start or restart any more: Capstan is shutting down, or has asked to. */
    boolean shuttingDown();

    /** Something dependency conditions look at changed: pending services are checked again. */
    void dependenciesChanged();

    /** Ends the container with {@code exitCode} (exit_on_end, on_fatal = shutdown). */
    void endContainer(int exitCode, String why);
}
