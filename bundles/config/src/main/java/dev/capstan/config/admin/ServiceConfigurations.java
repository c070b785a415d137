package dev.capstan.config.admin;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.Fault;
import dev.capstan.api.ServiceSources;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.ServiceSpecParser;
import dev.capstan.config.spec.UserDatabase;
import dev.capstan.config.spec.Warnings;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.osgi.framework.Constants;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
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
 *
 * <p>It also keeps the switches of {@link ServiceSources}: a service is defined with
 * {@code autostart} as its switch says, and a switch that turns a defined service on or off
 * starts or stops it. ConfigAdmin calls {@link #updated} and {@link #deleted} on its own thread,
 * a source calls {@link #switches} on its own; the methods are synchronized, so each sees the
 * other's effect whole.
 */
// Immediate: ConfigAdmin gets and ungets the service around each call, and a delayed component
// would be discarded after each one, forgetting which configuration defines which service (so a
// deleted configuration would not remove its service).
// Also a service of its own class: ServiceSourcesComponent sets the switches kept here.
// Its configurations come through ConfigAdmin, not SCR: IGNORE spares SCR a search of every one.
@Component(service = {ManagedServiceFactory.class, ServiceConfigurations.class},
        property = Constants.SERVICE_PID + "=" + ConfigurationPids.SERVICE, immediate = true,
        configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ServiceConfigurations implements ManagedServiceFactory {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceConfigurations.class);

    private final Supervisor supervisor;
    private final UserDatabase users;
    /** The service each configuration defines; ConfigAdmin calls one at a time, but not always on one thread. */
    private final ServiceNames names = new ServiceNames();
    /** Each defined service as its source defined it, before its switch, by name. */
    private final Map<String, ServiceSpec> defined = new HashMap<>();
    /** The switches of each source, service or group name to on. */
    private final Map<String, Map<String, Boolean>> switches = new HashMap<>();

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
        defined.put(name, parsed.spec());
        try {
            supervisor.define(switched(parsed.spec(), switches), parsed.origin());
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

    /** The configuration with PID {@code pid} defines {@code name}, or null when none does. */
    synchronized String pidOf(String name) {
        return names.pidOf(name);
    }

    /**
     * Makes {@code source}'s switches these (empty: it has none) and starts or stops each defined
     * service that they turn on or off (see {@link ServiceSources}).
     */
    synchronized void switches(String source, Map<String, Boolean> sourceSwitches) {
        Map<String, Map<String, Boolean>> before = new HashMap<>(switches);
        if (sourceSwitches.isEmpty()) {
            switches.remove(source);
        } else {
            switches.put(source, Map.copyOf(sourceSwitches));
        }
        for (ServiceSpec own : defined.values()) {
            boolean was = isOn(own, before);
            boolean is = isOn(own, switches);
            if (was != is) {
                LOG.info("{}: switched {} by {}", own.fullName(), is ? "on" : "off", source);
                turn(own.fullName(), is);
            }
        }
    }

    private void turn(String name, boolean on) {
        Fault expected = on ? Fault.ALREADY_STARTED : Fault.NOT_RUNNING;
        try {
            (on ? supervisor.start(name) : supervisor.stop(name)).whenComplete((done, failure) -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause != null && !(cause instanceof SupervisorException e && e.fault() == expected)) {
                    LOG.error("{}: could not be {}: {}", name, on ? "started" : "stopped", cause.getMessage());
                }
            });
        } catch (SupervisorException e) {
            if (e.fault() != expected) {
                LOG.error("{}: could not be {}: {}", name, on ? "started" : "stopped", e.getMessage());
            }
        }
    }

    /** The spec with {@code autostart} as the switches turn it. */
    private static ServiceSpec switched(ServiceSpec own, Map<String, Map<String, Boolean>> switches) {
        boolean on = isOn(own, switches);
        return on == own.autostart() ? own : own.toBuilder().autostart(on).build();
    }

    /** Its switch, its own name's before its group's; off wins when two sources disagree; else its autostart. */
    private static boolean isOn(ServiceSpec own, Map<String, Map<String, Boolean>> switches) {
        Boolean on = null;
        for (Map<String, Boolean> source : switches.values()) {
            Boolean s = source.containsKey(own.name()) ? source.get(own.name()) : source.get(own.group());
            if (s != null) {
                on = on == null ? s : on && s;
            }
        }
        return on != null ? on : own.autostart();
    }

    private void remove(String name) {
        defined.remove(name);
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
