package dev.capstan.http.server;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.container.Container;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server on TCP, {@code [inet_http_server]}: only while the file has that section.
 * Everyone is an operator here; without a username anyone who reaches the port is one, which the
 * log says at every bind, as supervisord does. Failing to bind at boot stops Capstan (exit 2).
 */
@Component(configurationPid = ConfigurationPids.INET_HTTP, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class InetHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(InetHttpServer.class);
    private static final ListenerFailure FAILURE = new ListenerFailure("[inet_http_server]");

    private final HttpServer server;

    @Activate
    public InetHttpServer(@Reference EndpointWhiteboard whiteboard, Map<String, Object> config,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) Container container) throws IOException {
        InetSettings settings;
        try {
            settings = InetSettings.of(config);
            server = start(settings, whiteboard.routes(), Limits.DEFAULT);
        } catch (IOException | RuntimeException e) {
            FAILURE.failed(LOG, String.valueOf(config.get("port")), e, container);
            throw e;
        }
        FAILURE.bound();
        LOG.info("HTTP on {}", server);
        if (settings.credentials() == null) {
            LOG.warn("[inet_http_server] {} runs without any HTTP authentication checking: anyone who reaches it is an operator",
                    server);
        }
    }

    static HttpServer start(InetSettings settings, Routes routes, Limits limits) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            // A restarted Capstan binds its port again at once, whatever connections still linger.
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(settings.address(), limits.connections());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
        String name = settings.withPort(port).url();
        return new HttpServer(name, channel, Access.tcp(settings.credentials()), routes, limits, "capstan-http-tcp").start();
    }

    @Deactivate
    void deactivate() {
        server.close();
    }
}
