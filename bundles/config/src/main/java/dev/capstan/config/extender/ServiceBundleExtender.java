package dev.capstan.config.extender;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.Warnings;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows every bundle's life: INSTALLED and UPDATED set a service bundle's start level from its
 * priority (synchronously, so the {@code start()} that follows already sees it); STARTED (or
 * LAZY_ACTIVATION), STOPPING and UNINSTALLED publish and withdraw its services
 * ({@link ServiceBundles}). Publishing waits for STARTED so that a bundle whose activator throws
 * or never returns runs no service.
 *
 * <p>When this component goes away (the config bundle stops or is updated) the configurations
 * stay, and so do the services: the next activation reconciles them with the bundles as they are
 * then. A framework shutdown is left alone too: the engine has stopped every service by then.
 */
@Component(immediate = true, service = {}, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class ServiceBundleExtender implements SynchronousBundleListener, FrameworkListener {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceBundleExtender.class);

    private final BundleContext context;
    private final ServiceBundles services;

    @Activate
    public ServiceBundleExtender(BundleContext context, @Reference ConfigurationAdmin admin) {
        this.context = context;
        this.services = new ServiceBundles(admin, Host::current);
        context.addBundleListener(this);
        context.addFrameworkListener(this);
        services.reconcile(context);
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(this);
        context.removeFrameworkListener(this);
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        Bundle bundle = event.getBundle();
        if (frameworkStopping()) {
            return;
        }
        switch (event.getType()) {
            case BundleEvent.INSTALLED, BundleEvent.UPDATED -> setStartLevel(bundle);
            case BundleEvent.STARTED, BundleEvent.LAZY_ACTIVATION -> services.started(bundle);
            case BundleEvent.STOPPING -> services.stopping(bundle, isStopForGood(bundle));
            case BundleEvent.UNINSTALLED -> services.uninstalled(bundle);
            default -> {
            }
        }
    }

    /**
     * The end of a start level change: bundles it stopped are stopped for good. (Not the end of a
     * refresh: Felix refreshes an updated bundle in the middle of the update and reports it on
     * another thread, so that event may come before the bundle has started again.)
     */
    @Override
    public void frameworkEvent(FrameworkEvent event) {
        if (event.getType() == FrameworkEvent.STARTLEVEL_CHANGED) {
            services.settle(context);
        }
    }

    /** {@code stop} and {@code uninstall} clear the mark before STOPPING; update, refresh and start levels keep it. */
    private static boolean isStopForGood(Bundle bundle) {
        return !bundle.adapt(BundleStartLevel.class).isPersistentlyStarted();
    }

    private boolean frameworkStopping() {
        return context.getBundle(0).getState() == Bundle.STOPPING;
    }

    private static void setStartLevel(Bundle bundle) {
        if (!BundleDefinitions.declaresServices(bundle)) {
            return;
        }
        int level;
        try {
            level = PriorityStartLevel.of(BundleDefinitions.read(bundle, Host.current(), new Warnings()));
        } catch (ConfigException e) {
            LOG.debug("{}: start level left as it is: {}", BundleDefinitions.describe(bundle), e.getMessage());
            return; // reported when the bundle starts
        }
        bundle.adapt(BundleStartLevel.class).setStartLevel(level);
        LOG.debug("{}: start level {}", BundleDefinitions.describe(bundle), level);
    }
}
