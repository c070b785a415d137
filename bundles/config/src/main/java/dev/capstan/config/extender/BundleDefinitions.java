package dev.capstan.config.extender;

import dev.capstan.config.ini.IniReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ConfigLimits;
import dev.capstan.config.spec.ConfigText;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.ServiceGraph;
import dev.capstan.config.spec.ServiceSpecParser;
import dev.capstan.config.spec.Warnings;
import dev.capstan.config.yaml.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.osgi.framework.Bundle;

/**
 * What a bundle says about services: every {@code OSGI-INF/capstan/*.conf} (INI
 * {@code [program:x]} sections), {@code OSGI-INF/capstan/*.yaml} or {@code *.yml} (the
 * {@code services:} schema), and its {@code Capstan-Service} header, read by the same readers
 * and parser as the {@code -c} file and checked together, within the limits of one configuration
 * ({@link ConfigLimits}). Locations name the bundle, so an error
 * reads {@code bundle dev.capstan.service.dbus 1.0.0 OSGI-INF/capstan/dbus.conf:4: startsecs=abc: not a number}.
 */
final class BundleDefinitions {

    static final String DIRECTORY = "OSGI-INF/capstan/";

    private BundleDefinitions() {
    }

    static boolean declaresServices(Bundle bundle) {
        return !resources(bundle).isEmpty() || header(bundle) != null;
    }

    /**
     * @return the bundle's services, checked as one part of the whole set: their dependencies
     *         may be defined by other bundles or files
     * @throws ConfigException at the first problem, naming bundle, resource, line and key
     */
    static List<ParsedService> read(Bundle bundle, Host host, Warnings warnings) {
        String name = describe(bundle);
        List<ParsedService> services = new ArrayList<>();
        ConfigLimits limits = new ConfigLimits();
        for (String path : resources(bundle)) {
            String source = name + " " + path;
            String text = ConfigText.decode(bytes(bundle.getEntry(path), source), Location.of(source));
            services.addAll(isYaml(path)
                    ? new YamlReader(host).readServices(text, source, warnings, limits)
                    : new IniReader(host).readServices(text, source, warnings, limits));
        }
        String header = header(bundle);
        if (header != null) {
            ServiceSpecParser parser = new ServiceSpecParser(host.users());
            for (KeyValues values : ServiceHeader.parse(header, name + " " + ServiceHeader.NAME)) {
                limits.addServices(1, values.origin(), ServiceHeader.NAME);
                services.add(parser.parse(values, warnings));
            }
        }
        return ServiceGraph.startOrderOfPart(services);
    }

    /** {@code bundle SYMBOLIC-NAME VERSION}: how origins and messages name a bundle. */
    static String describe(Bundle bundle) {
        return "bundle " + bundle.getSymbolicName() + " " + bundle.getVersion();
    }

    /**
     * The definition resources, sorted. {@code getEntryPaths} reads the jar without resolving
     * the bundle, so this works for a bundle that has only been installed.
     */
    static List<String> resources(Bundle bundle) {
        Enumeration<String> paths = bundle.getEntryPaths(DIRECTORY);
        if (paths == null) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (String path : Collections.list(paths)) {
            if (path.endsWith(".conf") || isYaml(path)) {
                found.add(path);
            }
        }
        Collections.sort(found);
        return found;
    }

    /** The raw header: {@code getHeaders("")} skips localization, which would need a resolved bundle. */
    private static String header(Bundle bundle) {
        String value = bundle.getHeaders("").get(ServiceHeader.NAME);
        return value == null || value.isBlank() ? null : value;
    }

    private static boolean isYaml(String path) {
        return path.endsWith(".yaml") || path.endsWith(".yml");
    }

    private static byte[] bytes(URL entry, String source) {
        try (InputStream in = entry.openStream()) {
            byte[] bytes = in.readNBytes((int) ConfigText.MAX_BYTES + 1);
            if (bytes.length > ConfigText.MAX_BYTES) {
                throw new ConfigException(Location.of(source), null, "larger than 16 MiB; not a configuration file?");
            }
            return bytes;
        } catch (IOException e) {
            throw new ConfigException(Location.of(source), null, "cannot read: " + e.getMessage());
        }
    }
}
