package dev.capstan.itests.faults;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/** A bundle that ends the JVM from a thread of its own, as a library's fatal-error path might. */
public final class ExitingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        Thread t = new Thread(() -> System.exit(3), "exiting-bundle");
        t.start();
    }

    @Override
    public void stop(BundleContext context) {
    }
}
