package dev.capstan.etcd;

import java.time.Instant;

/**
 * What one apply did.
 *
 * @param revision the revision whose keys were applied
 * @param summary  what changed, e.g. {@code added [web], on [easytier]}; {@code nothing changed}
 * @param error    why nothing was applied (every problem, one per line), or null when it was
 */
record Applied(Instant at, long revision, String summary, String error) {

    boolean changed() {
        return error == null && !summary.equals(NOTHING);
    }

    static final String NOTHING = "nothing changed";
}
