package dev.capstan.config.extender;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.ReloadPlan;
import dev.capstan.config.admin.ConfigurationPublisher;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.Warnings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services of service bundles, published as {@code dev.capstan.service} configurations while
 * their bundle is active and deleted when it stops for good. Each bundle's configurations carry
 * the source {@code bundle:ID}, so publishing a bundle again writes only what changed: an update
 * that keeps a definition keeps its process.
 *
 * <p>That needs care because the framework stops a bundle before it updates or refreshes it, and
 * the stop looks like any other. A persistent stop ({@code stop}, {@code uninstall}) clears the
 * bundle's "persistently started" mark before STOPPING; a transient one (update, refresh,
 * lowering the start level, {@code stop -t}) keeps it. So a transient stop only marks the bundle
 * stopped-for-now: STARTED publishes its new definitions, UNINSTALLED deletes them, and so does
 * the end of a start level change for a bundle that did not come back. A bundle stopped with
 * {@code stop -t}, or whose restart after a refresh fails, keeps its services until one of those
 * happens: stop it with {@code stop} to stop its services.
 *
 * <p>Every method is quick (ConfigAdmin delivers configurations on its own thread), so the
 * framework thread that calls them never waits for a process.
 */
final class ServiceBundles {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceBundles.class);
    private static final String SOURCE_PREFIX = "bundle:";

    private final ConfigurationAdmin admin;
    private final Supplier<Host> host;
    private final Set<Long> stoppedForNow = new HashSet<>();

    ServiceBundles(ConfigurationAdmin admin, Supplier<Host> host) {
        this.admin = admin;
        this.host = host;
    }

    /** The {@code capstan.source} of a bundle's configurations. */
    static String source(Bundle bundle) {
        return SOURCE_PREFIX + bundle.getBundleId();
    }

    /** STARTED: publish the bundle's services, or, when they do not read, log why and publish nothing new. */
    synchronized void started(Bundle bundle) {
        stoppedForNow.remove(bundle.getBundleId());
        if (!BundleDefinitions.declaresServices(bundle)) {
            return;
        }
        Warnings warnings = new Warnings();
        List<ParsedService> services;
        try {
            services = BundleDefinitions.read(bundle, host.get(), warnings);
        } catch (ConfigException e) {
            LOG.error("{} (nothing published for {})", e.getMessage(), BundleDefinitions.describe(bundle));
            return;
        }
        warnings.log(LOG);
        ReloadPlan plan = publish(bundle, services);
        if (plan != null) {
            LOG.info("{}: services {} (added {}, changed {}, removed {})", BundleDefinitions.describe(bundle),
                    services.stream().map(s -> s.spec().fullName()).toList(), plan.added(), plan.changed(), plan.removed());
        }
    }

    /** STOPPING: delete the services now if the stop is for good, else wait to see whether the bundle comes back. */
    synchronized void stopping(Bundle bundle, boolean forGood) {
        if (forGood) {
            withdraw(bundle);
        } else {
            stoppedForNow.add(bundle.getBundleId());
        }
    }

    synchronized void uninstalled(Bundle bundle) {
        stoppedForNow.remove(bundle.getBundleId());
        withdraw(bundle);
    }

    /** After a start level change: a bundle stopped for now that is still stopped is stopped for good. */
    synchronized void settle(BundleContext context) {
        for (Long id : List.copyOf(stoppedForNow)) {
            Bundle bundle = context.getBundle(id);
            if (bundle == null || !isActive(bundle)) {
                stoppedForNow.remove(id);
                if (bundle != null) {
                    withdraw(bundle);
                }
            }
        }
    }

    /**
     * When the extender starts: publish every active bundle, and delete what bundles that are
     * gone or stopped left behind while the extender was away.
     */
    synchronized void reconcile(BundleContext context) {
        for (Bundle bundle : context.getBundles()) {
            if (isActive(bundle)) {
                started(bundle);
            }
        }
        for (Configuration c : bundleConfigurations()) {
            String source = String.valueOf(c.getProperties().get(ConfigurationPublisher.SOURCE));
            Bundle bundle = bundleOf(context, source);
            if (bundle == null || !isActive(bundle)) {
                delete(c);
            }
        }
    }

    private void withdraw(Bundle bundle) {
        ReloadPlan plan = publish(bundle, List.of());
        if (plan != null && !plan.removed().isEmpty()) {
            LOG.info("{}: services {} removed", BundleDefinitions.describe(bundle), plan.removed());
        }
    }

    private ReloadPlan publish(Bundle bundle, List<ParsedService> services) {
        try {
            return new ConfigurationPublisher(admin, source(bundle)).publishServices(services);
        } catch (UncheckedIOException e) {
            LOG.error("{}: cannot store its services' configurations: {}", BundleDefinitions.describe(bundle),
                    e.getCause().getMessage());
            return null;
        }
    }

    private List<Configuration> bundleConfigurations() {
        String filter = "(&(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + ConfigurationPids.SERVICE + ")("
                + ConfigurationPublisher.SOURCE + "=" + SOURCE_PREFIX + "*))";
        try {
            Configuration[] found = admin.listConfigurations(filter);
            return found == null ? List.of() : List.of(found);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad filter " + filter, e);
        }
    }

    private static Bundle bundleOf(BundleContext context, String source) {
        try {
            return context.getBundle(Long.parseLong(source.substring(SOURCE_PREFIX.length())));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Started, or waiting for its first class load to start (lazy activation); not in a start that has not returned. */
    private static boolean isActive(Bundle bundle) {
        return bundle.getState() == Bundle.ACTIVE || (bundle.getState() == Bundle.STARTING
                && Constants.ACTIVATION_LAZY.equals(bundle.getHeaders().get(Constants.BUNDLE_ACTIVATIONPOLICY)));
    }

    private static void delete(Configuration c) {
        try {
            c.delete();
        } catch (IOException e) {
            LOG.error("cannot delete configuration {}: {}", c.getPid(), e.getMessage());
        }
    }
}
