package dev.capstan.etcd;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.ServiceSources;
import dev.capstan.api.Supervisor;
import dev.capstan.process.ProcessKernel;
import java.io.IOException;
import java.util.Map;
import javax.net.SocketFactory;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The etcd source, while {@code dev.capstan.etcd} exists (the file's {@code [etcd]}): off unless
 * configured. A changed configuration makes a new source (DS deactivates and activates it); the
 * services stay as they are, and the new source's first apply changes what differs. When the
 * configuration is deleted (the section was removed and the file reloaded), the source's
 * services are removed and its switches forgotten; when Capstan stops they are left to the
 * shutdown.
 */
// Immediate: a component with a service is otherwise made only when the service is first asked for.
@Component(service = EtcdSource.class, configurationPid = ConfigurationPids.ETCD,
        configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class EtcdSource {

    private static final Logger LOG = LoggerFactory.getLogger(EtcdSource.class);

    private final ServiceSources sources;
    private final EtcdSettings settings;
    private final Follower follower;

    @Activate
    public EtcdSource(@Reference ServiceSources sources, @Reference Supervisor supervisor,
            @Reference ProcessKernel kernel, Map<String, Object> config) throws IOException {
        this.sources = sources;
        try {
            settings = EtcdSettings.of(config);
            SocketFactory tls = settings.tls() ? TlsSockets.of(settings.caFile(), settings.certFile(), settings.keyFile()) : null;
            follower = new Follower(settings, tls,
                    new Applier(settings, sources, supervisor, new HookRunner(kernel, settings.hookTimeout())));
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("[etcd]: {}; no etcd source", e.getMessage());
            throw e;
        }
        follower.start();
    }

    SourceStatus status() {
        return follower.status();
    }

    EtcdSettings settings() {
        return settings;
    }

    @Deactivate
    void deactivate(int reason) throws InterruptedException {
        follower.stop();
        if (reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED) {
            LOG.info("etcd: [etcd] is gone: the services {} defined and switched go back to their own definitions",
                    settings.prefix());
            sources.withdraw(settings.source());
        }
    }
}
