package dev.capstan.config.extender;

import java.io.File;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Makes FileInstall scan every directory it watches, now. FileInstall has no call for that, but it
 * scans whenever one of its artifact services changes (it must look again at the files a new or
 * changed installer may take), so this registers an {@link ArtifactInstaller} that takes no file,
 * and each {@link #run()} changes a property of its registration. FileInstall hears of the change
 * synchronously and wakes its scanning threads; a wake that comes while a thread scans is lost,
 * which is why {@link DeployScans} asks more than once.
 */
final class FileInstallRescan implements Runnable, AutoCloseable {

    private static final String REQUEST = "capstan.rescan";

    private final AtomicLong requests = new AtomicLong();
    private final ServiceRegistration<ArtifactInstaller> registration;

    FileInstallRescan(BundleContext context) {
        registration = context.registerService(ArtifactInstaller.class, new TakesNothing(), properties(0));
    }

    @Override
    public void run() {
        registration.setProperties(properties(requests.incrementAndGet()));
    }

    @Override
    public void close() {
        try {
            registration.unregister();
        } catch (IllegalStateException e) {
            // unregistered with the bundle already
        }
    }

    private static Dictionary<String, Object> properties(long request) {
        Dictionary<String, Object> p = new Hashtable<>();
        p.put(REQUEST, request);
        return p;
    }

    /** The installer FileInstall asks about each new or changed file; it takes none. */
    private static final class TakesNothing implements ArtifactInstaller {
        @Override
        public boolean canHandle(File artifact) {
            return false;
        }

        @Override
        public void install(File artifact) {
            throw new IllegalStateException("takes no artifact");
        }

        @Override
        public void update(File artifact) {
            throw new IllegalStateException("takes no artifact");
        }

        @Override
        public void uninstall(File artifact) {
            throw new IllegalStateException("takes no artifact");
        }
    }
}
