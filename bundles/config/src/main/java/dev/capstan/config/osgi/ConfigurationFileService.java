package dev.capstan.config.osgi;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.ConfigurationService;
import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.ConfigurationReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfiguration;
import dev.capstan.config.spec.Warnings;
import dev.capstan.container.Container;
import dev.capstan.container.ContainerListener;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file given with {@code capstan -c} (framework property {@code capstan.config}): read and
 * published when the bundle starts, re-read on {@code reread}/{@code update} and on SIGHUP. A file
 * that does not read changes nothing. At startup that is fatal, as it is for supervisord (exit
 * 2): a container that silently runs without its services is worse than one that stops.
 */
@Component(service = {ConfigurationService.class, ContainerListener.class})
public final class ConfigurationFile implements ConfigurationService, ContainerListener {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationFile.class);
    private static final int CONFIG_ERROR_EXIT = 2;

    @Reference
    private ConfigurationAdmin admin;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile Container container;

    private Path file;
    private String socket;
    private ConfigurationPublisher publisher;

    @Activate
    void activate(BundleContext context) {
        String configured = context.getProperty(ConfigurationPids.CONFIG_FILE_PROPERTY);
        file = configured == null || configured.isBlank() ? null : Path.of(configured).toAbsolutePath().normalize();
        socket = context.getProperty(ConfigurationPids.SOCKET_PROPERTY);
        publisher = new ConfigurationPublisher(admin, file == null ? "" : file.toString());
        if (file == null) {
            LOG.info("no configuration file (-c); services come from deploy/ and service bundles");
            if (socket != null) {
                publisher.publish(new ParsedConfiguration(List.of(), null, control(null), new Warnings()), List.of());
            }
            return;
        }
        try {
            ReloadPlan plan = update(List.of());
            LOG.info("{}: added {}, changed {}, removed {}", file, plan.added(), plan.changed(), plan.removed());
        } catch (SupervisorException e) {
            LOG.error("{}", e.getMessage());
            Container c = container;
            if (c != null) {
                c.shutdown(CONFIG_ERROR_EXIT);
            }
        }
    }

    @Override
    public synchronized ReloadPlan reread() {
        return publisher.plan(read());
    }

    @Override
    public synchronized ReloadPlan update(Collection<String> names) {
        ParsedConfiguration config = read();
        config.warnings().log(LOG);
        try {
            return publisher.publish(withSocket(config), names);
        } catch (UncheckedIOException e) {
            throw new SupervisorException(Fault.FAILED, "cannot store the configuration: " + e.getCause().getMessage());
        }
    }

    /** SIGHUP: apply the file's difference; a broken file is reported and nothing changes. */
    @Override
    public void reload() {
        if (file == null) {
            LOG.info("SIGHUP: no configuration file to reload");
            return;
        }
        try {
            ReloadPlan plan = update(List.of());
            LOG.info("reloaded {}: added {}, changed {}, removed {}", file, plan.added(), plan.changed(), plan.removed());
        } catch (SupervisorException e) {
            LOG.error("reload: {} (nothing changed)", e.getMessage());
        }
    }

    private ParsedConfiguration read() {
        if (file == null) {
            throw new SupervisorException(Fault.CANT_REREAD, "no configuration file: Capstan was started without -c");
        }
        try {
            return new ConfigurationReader(Host.current()).read(file);
        } catch (ConfigException e) {
            throw new SupervisorException(Fault.CANT_REREAD, e.getMessage());
        }
    }

    private ParsedConfiguration withSocket(ParsedConfiguration config) {
        return new ParsedConfiguration(config.services(), config.supervisor(), control(config.control()), config.warnings());
    }

    /** {@code [unix_http_server]}, with {@code --socket} overriding its {@code file}. */
    private Map<String, String> control(Map<String, String> fromFile) {
        if (socket == null || socket.isBlank()) {
            return fromFile;
        }
        Map<String, String> control = fromFile == null ? new LinkedHashMap<>() : new LinkedHashMap<>(fromFile);
        control.put("file", socket);
        return control;
    }
}
