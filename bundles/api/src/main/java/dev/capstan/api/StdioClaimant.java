package dev.capstan.api;

/**
 * Whiteboard service: a bundle that speaks with some services' processes over their stdin and
 * stdout, as the events bundle does with supervisord's event listeners. Register an
 * implementation as an OSGi service; the engine asks every registered claimant, before each
 * spawn of every service, and the first that returns a claim gets that process's stdin and
 * stdout (its stderr stays with the logs bundle).
 *
 * <p>An event listener (a spec with {@link ServiceSpec#events()}) is never started without a
 * claim: its stdin and stdout carry a protocol, and a listener left with /dev/null would read EOF
 * and exit at once. It waits in STOPPED until a claimant takes it.
 *
 * <p>Called on the engine thread: an implementation must return at once and never block.
 */
public interface StdioClaimant {

    /**
     * @return the stdio of the next process of {@code spec}'s service, or null when this claimant
     *         does not take that service
     */
    ClaimedStdio claim(ServiceSpec spec);
}
