package dev.capstan.http;

/**
 * The authenticated caller of one request.
 *
 * @param transport where the request came in
 * @param tier      what the caller may do
 * @param user      the peer's user name (Unix socket, from SO_PEERCRED, or its uid when the user
 *                  has no name) or the Basic-auth user name (TCP), or "" when there is none
 */
public record Peer(Transport transport, Tier tier, String user) {
}
