package dev.capstan.itests;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Service bundles as the recipe makes them (a manifest and an OSGI-INF/capstan/*.conf), written for FileInstall. */
final class ServiceJars {

    private ServiceJars() {
    }

    /**
     * Writes the bundle next to the target and moves it in, so FileInstall never sees half a jar.
     */
    static void deploy(Path target, String symbolicName, String version, String conf) throws IOException {
        deploy(target, symbolicName, version, conf, null);
    }

    /**
     * A service bundle with Java too: {@code activator}'s class file (a class of these tests,
     * alone in its package) becomes its Bundle-Activator.
     */
    static void deploy(Path target, String symbolicName, String version, String conf, Class<?> activator)
            throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        m.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        m.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        m.getMainAttributes().putValue("Bundle-Version", version);
        if (activator != null) {
            m.getMainAttributes().putValue("Bundle-Activator", activator.getName());
            m.getMainAttributes().putValue("Import-Package", "org.osgi.framework");
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.putNextEntry(new JarEntry("OSGI-INF/capstan/service.conf"));
            jar.write(conf.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            if (activator != null) {
                String entry = activator.getName().replace('.', '/') + ".class";
                jar.putNextEntry(new JarEntry(entry));
                try (InputStream in = activator.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
