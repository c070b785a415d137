package dev.capstan.itests.faults;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** An activator whose start() fails: its bundle never becomes ACTIVE. */
public final class ThrowingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        throw new IllegalStateException("this activator always fails");
    }

    @Override
    public void stop(BundleContext context) {
    }
}
