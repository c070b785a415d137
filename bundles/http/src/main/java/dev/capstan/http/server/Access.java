package dev.capstan.http.server;

import dev.capstan.http.Peer;
import dev.capstan.http.Tier;
import dev.capstan.http.Transport;
import dev.capstan.http.wire.Headers;
import dev.capstan.http.wire.ProtocolException;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.nio.file.attribute.UserPrincipal;
import java.util.Set;
import jdk.net.ExtendedSocketOptions;

/**
 * Who calls a listener, and as what. On the Unix socket the peer's uid (SO_PEERCRED, which the
 * peer cannot forge) decides: root and Capstan's own user are administrators, anyone else who
 * could open the socket is an operator, who must also send Basic auth when a username is
 * configured. Over TCP everyone is an operator, after Basic auth when a username is configured.
 */
final class Access {
    private final Transport transport;
    private final Set<UserPrincipal> administrators;
    private final Credentials credentials;

    private Access(Transport transport, Set<UserPrincipal> administrators, Credentials credentials) {
        this.transport = transport;
        this.administrators = administrators;
        this.credentials = credentials;
    }

    /**
     * @param administrators root and the user Capstan runs as (principals compare by uid)
     * @param credentials    asked of operators, or null
     */
    static Access unix(Set<UserPrincipal> administrators, Credentials credentials) {
        return new Access(Transport.UNIX, Set.copyOf(administrators), credentials);
    }

    /** @param credentials asked of everyone, or null */
    static Access tcp(Credentials credentials) {
        return new Access(Transport.TCP, Set.of(), credentials);
    }

    Transport transport() {
        return transport;
    }

    /** Once per connection: the Unix peer, from its uid; null over TCP, where requests say who they are. */
    Peer identify(SocketChannel channel) throws IOException {
        if (transport != Transport.UNIX) {
            return null;
        }
        UserPrincipal user = channel.getOption(ExtendedSocketOptions.SO_PEERCRED).user();
        Tier tier = administrators.contains(user) ? Tier.ADMINISTRATOR : Tier.OPERATOR;
        return new Peer(Transport.UNIX, tier, user.getName());
    }

    /**
     * The peer of one request.
     *
     * @param connectionPeer what {@link #identify} said of the connection
     * @throws ProtocolException 401 when credentials are required and missing or wrong
     */
    Peer authorize(Peer connectionPeer, Headers headers) throws ProtocolException {
        if (connectionPeer != null && connectionPeer.tier() == Tier.ADMINISTRATOR) {
            return connectionPeer;
        }
        if (credentials != null && !credentials.accept(headers.first("Authorization").orElse(null))) {
            throw new ProtocolException(401, "authentication required");
        }
        if (connectionPeer != null) {
            return connectionPeer;
        }
        return new Peer(Transport.TCP, Tier.OPERATOR, credentials == null ? "" : credentials.username());
    }
}
