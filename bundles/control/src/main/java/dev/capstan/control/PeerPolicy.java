package dev.capstan.control;

import java.io.IOException;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Who may use the control socket: root, the user Capstan runs as, and the socket's configured
 * owner ({@code chown=}). The socket's mode already keeps others out; this check holds even if
 * the mode is loosened by mistake. Principals compare by uid, as the JDK's Unix principals do.
 */
record PeerPolicy(Set<UserPrincipal> allowed) {

    PeerPolicy {
        allowed = Set.copyOf(allowed);
    }

    static PeerPolicy of(UserPrincipalLookupService users, UserPrincipal... others) throws IOException {
        Set<UserPrincipal> allowed = new HashSet<>(Arrays.asList(others));
        // By number: an image without /etc/passwd has no "root", but uid 0 still is.
        allowed.add(users.lookupPrincipalByName("0"));
        return new PeerPolicy(allowed);
    }

    boolean allows(UserPrincipal peer) {
        return allowed.contains(peer);
    }
}
