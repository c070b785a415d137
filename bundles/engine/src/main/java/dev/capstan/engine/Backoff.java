package dev.capstan.engine;

import dev.capstan.api.ServiceSpec;
import java.time.Duration;

/**
 * The wait after a failed start: {@code backoff_initial}, doubled for each further failure in a
 * row, never more than {@code backoff_max}. (supervisord waits 1, 2, 3... s, and only on its 1 s
 * tick; s6 always waits 1 s.)
 */
final class Backoff {

    private Backoff() {
    }

    /** @param failures failed starts in a row, 1 for the first */
    static Duration delay(ServiceSpec spec, int failures) {
        Duration d = spec.backoffInitial();
        for (int i = 1; i < failures && d.compareTo(spec.backoffMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(spec.backoffMax()) > 0 ? spec.backoffMax() : d;
    }
}
