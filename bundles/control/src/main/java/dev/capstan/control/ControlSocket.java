package dev.capstan.control;

import dev.capstan.api.ConfigurationPids;
import java.io.IOException;
import java.util.Map;
import org.apache.felix.service.command.CommandProcessor;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The control socket as a component: up while Gogo is, rebound when {@code [unix_http_server]}
 * changes (the configuration is optional: without it, the default path and mode).
 */
@Component(configurationPid = ConfigurationPids.CONTROL)
public final class ControlSocket {
    private static final Logger LOG = LoggerFactory.getLogger(ControlSocket.class);

    private final ControlServer server;

    @Activate
    public ControlSocket(@Reference CommandProcessor processor, BundleContext context, Map<String, Object> config)
            throws IOException {
        SocketSettings settings = SocketSettings.of(config, context.getProperty(ConfigurationPids.SOCKET_PROPERTY));
        try {
            server = ControlServer.start(settings, processor);
        } catch (IOException | RuntimeException e) {
            LOG.error("control socket {}: {}", settings.path(), e.toString());
            throw e;
        }
        LOG.info("control socket {}", settings.path());
    }

    @Deactivate
    void deactivate() {
        server.close();
    }
}
