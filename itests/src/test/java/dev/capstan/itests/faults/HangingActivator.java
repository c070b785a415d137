package dev.capstan.itests.faults;

import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;

/**
 * An activator that never returns from start(), not even when interrupted (as one blocked in a
 * read of a dead mount would not): it holds its bundle's lock for good.
 */
public final class HangingActivator implements BundleActivator {
    @Override
    public void start(BundleContext context) {
        while (true) {
            LockSupport.park(this);
        }
    }

    @Override
    public void stop(BundleContext context) {
    }
}
