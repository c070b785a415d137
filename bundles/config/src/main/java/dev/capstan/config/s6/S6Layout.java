package dev.capstan.config.s6;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.Warnings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the parts of a tree are, from the directory {@code -c} names:
 * <ul>
 * <li>s6-overlay's own directory ({@code /etc/s6-overlay}): its {@code s6-rc.d} and
 *     {@code user-bundles.d} (or {@code S6_RUNTIME_BUNDLEDIR}), and the legacy directories beside
 *     it ({@code /etc/cont-init.d}, {@code /etc/services.d}, {@code /etc/cont-finish.d});</li>
 * <li>one of the legacy directories, or the directory holding them ({@code /etc}): the legacy
 *     layout alone.</li>
 * </ul>
 *
 * @param sourceDirs the s6-rc source directories, as s6-overlay hands them to s6-rc-compile
 */
record S6Layout(List<Path> sourceDirs, Path contInit, Path services, Path contFinish, Path fixAttrs) {

    static final Set<String> LEGACY = Set.of("cont-init.d", "services.d", "cont-finish.d");

    /** @throws ConfigException when {@code given} holds none of it */
    static S6Layout of(Path given, Map<String, String> env, Warnings warnings) {
        Path dir = given.toAbsolutePath().normalize();
        Path legacyBase;
        List<Path> sources = new ArrayList<>();
        if (Files.isDirectory(dir.resolve("s6-rc.d")) || Files.isDirectory(dir.resolve("user-bundles.d"))) {
            legacyBase = dir.getParent() == null ? dir : dir.getParent();
            Path s6rc = dir.resolve("s6-rc.d");
            if (Files.isDirectory(s6rc)) {
                sources.add(s6rc);
            }
            String bundleDir = env.get("S6_RUNTIME_BUNDLEDIR");
            Path bundles = bundleDir == null || bundleDir.isEmpty() ? dir.resolve("user-bundles.d") : Path.of(bundleDir);
            if (Files.isDirectory(s6rc.resolve("user"))) {
                // s6-overlay's rc.init: a user bundle in s6-rc.d wins, and user-bundles.d is not read.
                warnings.add(Location.of(s6rc.resolve("user").toString()), "user",
                        "defining user bundles in s6-rc.d is deprecated (s6-overlay 3.2); user-bundles.d is not read");
            } else if (Files.isDirectory(bundles)) {
                sources.add(bundles);
            }
        } else if (LEGACY.contains(dir.getFileName() == null ? "" : dir.getFileName().toString())) {
            legacyBase = dir.getParent();
        } else if (holdsLegacy(dir)) {
            legacyBase = dir;
        } else {
            throw new ConfigException(Location.of(dir.toString()), null, "not an s6-overlay tree: no s6-rc.d or "
                    + "user-bundles.d (give /etc/s6-overlay), nor cont-init.d, services.d or cont-finish.d");
        }
        return new S6Layout(sources, legacyBase.resolve("cont-init.d"), legacyBase.resolve("services.d"),
                legacyBase.resolve("cont-finish.d"), legacyBase.resolve("fix-attrs.d"));
    }

    private static boolean holdsLegacy(Path dir) {
        for (String legacy : LEGACY) {
            if (Files.isDirectory(dir.resolve(legacy))) {
                return true;
            }
        }
        return false;
    }
}
