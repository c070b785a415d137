package dev.capstan.config.admin;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.ServiceSpecParser;
import dev.capstan.config.spec.UserDatabase;
import dev.capstan.config.spec.Warnings;
import java.util.Dictionary;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way into the engine (docs/decisions.md, "One model, several readers"): every
 * configuration of {@code dev.capstan.service}, whether this bundle published it from the
 * configuration file or FileInstall made it from {@code deploy/dev.capstan.service-NAME.cfg}, is
 * parsed by the same parser and becomes {@link Supervisor#define} or, when deleted,
 * {@link Supervisor#remove}. A configuration that does not parse is logged as
 * {@code file: key: problem} and changes nothing: the service it would have replaced keeps running.
 */
// Immediate: ConfigAdmin gets and ungets the service around each call, and a delayed component
// would be discarded after each one, forgetting which configuration defines which service (so a
// deleted configuration would not remove its service).
@Component(service = ManagedServiceFactory.class, property = Constants.SERVICE_PID + "=" + ConfigurationPids.SERVICE,
        immediate = true)
public final class ServiceConfigurations implements ManagedServiceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceConfigurations.class);

    private final Supervisor supervisor;
    private final UserDatabase users;
    /** The service each configuration defines; ConfigAdmin calls one at a time, but not always on one thread. */
    private final ServiceNames names = new ServiceNames();

    @Activate
    public ServiceConfigurations(@Reference Supervisor supervisor) {
        this(supervisor, UserDatabase.system());
    }

    public ServiceConfigurations(Supervisor supervisor, UserDatabase users) {
        this.supervisor = supervisor;
        this.users = users;
    }

    @Override
    public String getName() {
        return "Capstan services";
    }

    @Override
    public synchronized void updated(String pid, Dictionary<String, ?> properties) {
        KeyValues values = ConfigurationProperties.toKeyValues(pid, properties);
        Warnings warnings = new Warnings();
        ParsedService parsed;
        try {
            parsed = new ServiceSpecParser(users).parse(values, warnings);
        } catch (ConfigException e) {
            LOG.error("{} (nothing changed)", e.getMessage());
            return;
        }
        String name = parsed.spec().name();
        String owner = names.pidOf(name);
        if (owner != null && !owner.equals(pid)) {
            LOG.error("{}: name: {} is already defined by configuration {} (nothing changed)", values.origin(), name,
                    owner);
            return;
        }
        if (properties.get(ConfigurationPublisher.SOURCE) == null) {
            warnings.log(LOG); // the file reader logged its own when it read the file
        }
        String previous = names.put(pid, name);
        if (previous != null && !previous.equals(name)) {
            remove(previous);
        }
        try {
            supervisor.define(parsed.spec(), parsed.origin());
        } catch (SupervisorException e) {
            LOG.error("{}: {}", parsed.origin(), e.getMessage());
        }
    }

    @Override
    public synchronized void deleted(String pid) {
        String name = names.remove(pid);
        if (name != null) {
            remove(name);
        }
    }

    private void remove(String name) {
        try {
            supervisor.remove(name).whenComplete((done, failure) -> {
                if (failure != null) {
                    LOG.error("{}: could not be removed: {}", name, failure.getMessage());
                }
            });
        } catch (SupervisorException e) {
            LOG.error("{}: could not be removed: {}", name, e.getMessage());
        }
    }
}
