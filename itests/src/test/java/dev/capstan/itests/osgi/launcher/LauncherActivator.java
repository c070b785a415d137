package dev.capstan.itests.osgi.launcher;

import dev.capstan.container.Container;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.linux.LinuxProcessKernel;
import dev.capstan.testing.RecordingContainer;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Plays the launcher's part for the bundle tests (runtime/launcher's Main registers the same two
 * services with the system bundle context before any bundle starts): the real
 * {@link LinuxProcessKernel} as the {@link ProcessKernel} service, and a {@link RecordingContainer}.
 * Installed at start level 1, so both exist before Capstan's bundles start.
 *
 * <p>One kernel per JVM: it reaps with waitpid(-1), so nothing else in this JVM may start a
 * process through the JDK (docs/decisions.md, "No JDK processes"), and it is closed when the
 * framework stops.
 */
public final class LauncherActivator implements BundleActivator {

    private LinuxProcessKernel kernel;
    private ServiceRegistration<ProcessKernel> kernelRegistration;
    private ServiceRegistration<Container> containerRegistration;

    @Override
    public void start(BundleContext context) {
        kernel = LinuxProcessKernel.start();
        kernelRegistration = context.registerService(ProcessKernel.class, kernel, null);
        containerRegistration = context.registerService(Container.class, new RecordingContainer(), null);
    }

    @Override
    public void stop(BundleContext context) {
        // Capstan's bundles (higher start levels) have stopped by now, and the engine with them
        // has stopped its processes.
        containerRegistration.unregister();
        kernelRegistration.unregister();
        kernel.close();
    }
}
