package dev.capstan.config.admin;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.ConfigFileService;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.spec.Host;
import dev.capstan.container.Container;
import dev.capstan.container.ContainerListener;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ConfigFile} as a service: the file of framework property {@code capstan.config}
 * is published when the bundle starts, re-read on {@code reread}/{@code update}, and applied on
 * SIGHUP. At startup a file that does not read is fatal, as it is for supervisord (exit 2): a
 * container that silently runs without its services is worse than one that stops and says why.
 */
@Component(service = {ConfigFileService.class, ContainerListener.class}, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ConfigFileComponent implements ConfigFileService, ContainerListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileComponent.class);
    private static final int CONFIG_ERROR_EXIT = 2;
    /** The container's CMD, its words separated by NUL (the launcher's {@code capstan -- CMD}). */
    static final String CMD_PROPERTY = "capstan.cmd";

    @Reference
    private ConfigurationAdmin admin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Container container;

    private ConfigFile file;
    /** Applications of the file after boot, and the failed ones; see {@link #reloads()}. */
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong reloadFailures = new AtomicLong();

    @Activate
    void activate(BundleContext context) {
        String configured = context.getProperty(ConfigurationPids.CONFIG_FILE_PROPERTY);
        Path path = configured == null || configured.isBlank() ? null : Path.of(configured);
        String cmd = context.getProperty(CMD_PROPERTY);
        file = new ConfigFile(admin, path, context.getProperty(ConfigurationPids.SOCKET_PROPERTY), Host::current,
                cmd == null || cmd.isEmpty() ? List.of() : List.of(cmd.split("\0", -1)));
        if (path == null) {
            LOG.info("no configuration file (-c); services come from deploy/ and service bundles");
            file.publishSocketOnly();
            return;
        }
        try {
            ReloadPlan plan = file.update(List.of());
            LOG.info("{}: added {}, changed {}, removed {}", file.file(), plan.added(), plan.changed(), plan.removed());
        } catch (SupervisorException e) {
            LOG.error("{}", e.getMessage());
            Container c = container;
            if (c != null) {
                c.shutdown(CONFIG_ERROR_EXIT);
            }
        }
    }

    @Override
    public ReloadPlan reread() {
        return file.reread();
    }

    @Override
    public ReloadPlan update(Collection<String> names) {
        reloads.incrementAndGet();
        try {
            return file.update(names);
        } catch (SupervisorException e) {
            reloadFailures.incrementAndGet();
            throw e;
        }
    }

    @Override
    public List<ServiceSpec> services() {
        return file.services();
    }

    @Override
    public List<String> withdraw(Collection<String> names) {
        return file.withdraw(names);
    }

    /** SIGHUP: apply the file's difference; a broken file is reported and nothing changes. */
    @Override
    public void reload() {
        if (file.file() == null) {
            LOG.info("SIGHUP: no configuration file to reload");
            return;
        }
        try {
            ReloadPlan plan = update(List.of());
            LOG.info("reloaded {}: added {}, changed {}, removed {}", file.file(), plan.added(), plan.changed(), plan.removed());
        } catch (SupervisorException e) {
            LOG.error("reload: {} (nothing changed)", e.getMessage());
        }
    }

    @Override
    public long reloads() {
        return reloads.get();
    }

    @Override
    public long reloadFailures() {
        return reloadFailures.get();
    }
}
