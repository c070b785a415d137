package dev.capstan.http;

/**
 * Who is calling, in increasing order of what they may do ({@link #compareTo} orders them).
 *
 * <p>On the Unix socket the peer's uid (SO_PEERCRED) decides: root and the user Capstan runs as
 * are {@link #ADMINISTRATOR}; any other user that can open the socket (supervisord's
 * {@code chown=} and {@code chmod=} let them) is an {@link #OPERATOR}. Over TCP everyone is an
 * operator, after Basic auth when {@code [inet_http_server] username} is set.
 */
public enum Tier {
    /** supervisorctl's verbs, XML-RPC, the log tails, health, metrics and the web page. */
    OPERATOR,
    /** Everything, the whole Gogo shell included: only over the Unix socket. */
    ADMINISTRATOR
}
