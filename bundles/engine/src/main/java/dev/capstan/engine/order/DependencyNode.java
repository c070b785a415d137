package dev.capstan.engine.order;

import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceState;

/** What the dependency rules need to know about a service. */
public interface DependencyNode {

    ServiceSpec spec();

    ServiceState state();

    /** RUNNING and its readiness check passed (or it has none). */
    boolean isReady();

    /** Its last run ended with an expected exit code and it has not been started since. */
    boolean isDone();

    /** A start is wanted and waits for its own dependencies. */
    boolean isPending();
}
