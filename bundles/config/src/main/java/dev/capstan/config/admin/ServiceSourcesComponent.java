package dev.capstan.config.admin;

import dev.capstan.api.Fault;
import dev.capstan.api.ReloadPlan;
import dev.capstan.api.ServiceSources;
import dev.capstan.api.ServiceText;
import dev.capstan.api.SupervisorException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.ServiceGraph;
import dev.capstan.config.spec.Warnings;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ServiceSources}: a source's definitions read by {@link ServiceTexts} and published by a
 * {@link ConfigurationPublisher} of its own (configurations marked with the source, so a source
 * never touches another's), its switches kept by {@link ServiceConfigurations}. A definition
 * whose name another source already defines is refused here, where the source hears of it,
 * rather than by the consumer later. Calls of all sources are serialized.
 */
@Component(service = ServiceSources.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ServiceSourcesComponent implements ServiceSources {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceSourcesComponent.class);

    private final ConfigurationAdmin admin;
    private final ServiceConfigurations configurations;
    private final Supplier<Host> host;

    @Activate
    public ServiceSourcesComponent(@Reference ConfigurationAdmin admin, @Reference ServiceConfigurations configurations) {
        this(admin, configurations, Host::current);
    }

    ServiceSourcesComponent(ConfigurationAdmin admin, ServiceConfigurations configurations, Supplier<Host> host) {
        this.admin = admin;
        this.configurations = configurations;
        this.host = host;
    }

    @Override
    public synchronized ReloadPlan check(String source, List<ServiceText> definitions) {
        return new ConfigurationPublisher(admin, source).plan(config(read(source, definitions)));
    }

    @Override
    public synchronized ReloadPlan apply(String source, List<ServiceText> definitions, Map<String, Boolean> switches) {
        List<ServiceTexts.Read> read = read(source, definitions);
        configurations.switches(source, switches);
        ReloadPlan plan;
        try {
            plan = new ConfigurationPublisher(admin, source).publishServices(config(read).services());
        } catch (UncheckedIOException e) {
            throw new SupervisorException(Fault.FAILED, "cannot store the configuration: " + e.getCause().getMessage());
        }
        for (ServiceTexts.Read r : read) {
            for (ParsedService s : r.services()) {
                if (plan.added().contains(s.spec().fullName()) || plan.changed().contains(s.spec().fullName())) {
                    r.warnings().log(LOG); // once per version of a definition, not at every apply
                    break;
                }
            }
        }
        return plan;
    }

    @Override
    public synchronized void withdraw(String source) {
        configurations.switches(source, Map.of());
        try {
            new ConfigurationPublisher(admin, source).publishServices(List.of());
        } catch (UncheckedIOException e) {
            LOG.error("{}: cannot delete its services' configurations: {}", source, e.getCause().getMessage());
        }
    }

    /** @throws SupervisorException CANT_REREAD with every problem, one per line */
    private List<ServiceTexts.Read> read(String source, List<ServiceText> definitions) {
        List<String> errors = new ArrayList<>();
        List<ServiceTexts.Read> read = ServiceTexts.read(definitions, host.get(), errors);
        ConfigurationPublisher publisher = new ConfigurationPublisher(admin, source);
        for (ServiceTexts.Read r : read) {
            for (ParsedService s : r.services()) {
                String owner = configurations.pidOf(s.spec().name());
                if (owner != null && !owner.equals(publisher.pidOf(s.spec().name()))) {
                    errors.add(s.origin() + ": " + s.spec().fullName() + ": already defined by configuration " + owner);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new SupervisorException(Fault.CANT_REREAD, String.join("\n", errors));
        }
        return read;
    }

    private static ParsedConfigFile config(List<ServiceTexts.Read> read) {
        List<ParsedService> services = new ArrayList<>();
        for (ServiceTexts.Read r : read) {
            services.addAll(r.services());
        }
        return new ParsedConfigFile(ServiceGraph.startOrderOfPart(services), null, null, new Warnings());
    }
}
