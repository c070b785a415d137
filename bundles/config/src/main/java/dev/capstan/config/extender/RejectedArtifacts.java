package dev.capstan.config.extender;

import java.io.File;
import java.io.IOException;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.apache.felix.fileinstall.ArtifactInstaller;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jars in a watched directory that are not bundles: corrupt, cut short by a copy, or without
 * a {@code Bundle-SymbolicName}. FileInstall passes over such a file without a word, so an
 * operator would wait for a service that never comes; this takes them (FileInstall asks every
 * installer before its own bundle handling) and says why each one is ignored. Called on
 * FileInstall's scanning thread, once per new or changed file.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE)
public final class RejectedArtifacts implements ArtifactInstaller {

    private static final Logger LOG = LoggerFactory.getLogger(RejectedArtifacts.class);

    @Override
    public boolean canHandle(File artifact) {
        return artifact.getName().endsWith(".jar") && artifact.isFile() && whyNotABundle(artifact) != null;
    }

    @Override
    public void install(File artifact) {
        LOG.error("{}: {}; ignored until it changes", artifact, whyNotABundle(artifact));
    }

    @Override
    public void update(File artifact) {
        install(artifact);
    }

    @Override
    public void uninstall(File artifact) {
        LOG.info("{}: gone", artifact);
    }

    /** @return null for a bundle, else the reason it is none */
    private static String whyNotABundle(File artifact) {
        try (JarFile jar = new JarFile(artifact)) {
            Manifest m = jar.getManifest();
            if (m == null) {
                return "not a bundle: no META-INF/MANIFEST.MF";
            }
            return m.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME) == null
                    ? "not a bundle: its manifest has no Bundle-SymbolicName" : null;
        } catch (IOException | SecurityException e) {
            return "not a readable jar (" + e.getMessage() + ")";
        }
    }
}
