package dev.capstan.http.server;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.container.Container;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server on the control socket, {@code [unix_http_server]}: up once the configuration
 * file has been read and published (so a file Capstan rejects binds nothing), rebound when the
 * section changes. The config bundle publishes the section, empty when the file has none (then
 * the default path). Failing to bind at boot stops Capstan (exit 2).
 */
@Component(configurationPid = ConfigurationPids.CONTROL, configurationPolicy = ConfigurationPolicy.REQUIRE)
public final class UnixHttpServer {
    private static final Logger LOG = LoggerFactory.getLogger(UnixHttpServer.class);
    private static final ListenerFailure FAILURE = new ListenerFailure("control socket");

    private final HttpServer server;
    private final Path path;

    @Activate
    public UnixHttpServer(@Reference EndpointWhiteboard whiteboard, BundleContext context, Map<String, Object> config,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL) Container container) throws IOException {
        UnixSocketSettings settings;
        try {
            settings = UnixSocketSettings.of(config, context.getProperty(ConfigurationPids.SOCKET_PROPERTY));
        } catch (IllegalArgumentException e) {
            FAILURE.failed(LOG, "", e, container);
            throw e;
        }
        path = settings.path();
        try {
            server = start(settings, whiteboard.routes(), Limits.DEFAULT);
        } catch (IOException | RuntimeException e) {
            FAILURE.failed(LOG, path.toString(), e, container);
            throw e;
        }
        FAILURE.bound();
        LOG.info("control socket {}", path);
    }

    /** Binds the socket as the settings say and serves it. */
    static HttpServer start(UnixSocketSettings settings, Routes routes, Limits limits) throws IOException {
        UnixSocketFile socket = UnixSocketFile.bind(settings, limits.connections());
        // By number: an image without /etc/passwd has no "root", but uid 0 still is.
        UserPrincipal root = settings.path().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("0");
        Set<UserPrincipal> administrators = new HashSet<>();
        administrators.add(root);
        administrators.add(socket.self()); // root again when Capstan runs as root
        Access access = Access.unix(administrators, settings.credentials());
        return new HttpServer("unix://" + settings.path(), socket.channel(), access, routes, limits, "capstan-http").start();
    }

    /** Drops every client (interrupting their commands) and removes the socket. */
    @Deactivate
    void deactivate() {
        server.close();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.warn("control socket {}: not removed: {}", path, e.toString());
        }
    }
}
