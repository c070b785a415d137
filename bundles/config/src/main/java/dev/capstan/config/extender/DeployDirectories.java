package dev.capstan.config.extender;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.process.ProcessKernel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [capstan] deploy = DIR...}: more directories watched like the distribution's
 * {@code deploy/}, so a configuration can bring its own service bundles (examples/meduza does).
 * FileInstall watches one directory per factory configuration of {@code org.apache.felix.fileinstall};
 * this keeps one such configuration per listed directory, with the settings the launcher gives
 * {@code deploy/}, and deletes those of directories no longer listed. The bundles FileInstall
 * installs from any of them are started by {@link DeployedBundles}; FileInstall scans them when
 * they change ({@link DeployScans}), never on a timer.
 */
@Component(configurationPid = ConfigurationPids.SUPERVISOR, configurationPolicy = ConfigurationPolicy.OPTIONAL,
        service = {})
public final class DeployDirectories {

    private static final Logger LOG = LoggerFactory.getLogger(DeployDirectories.class);

    static final String FILEINSTALL_PID = "org.apache.felix.fileinstall";
    static final String DIR = "felix.fileinstall.dir";
    /** Marks the FileInstall configurations made here, with the directory as listed. */
    static final String MARK = "capstan.deploy";

    /** The watch settings a FileInstall factory configuration does not inherit from the framework. */
    private static final List<String> WATCH_SETTINGS = List.of("felix.fileinstall.poll",
            "felix.fileinstall.noInitialDelay", "felix.fileinstall.filter", "felix.fileinstall.log.level",
            "felix.fileinstall.disableNio2", "felix.fileinstall.optionalImportRefreshScope",
            "felix.fileinstall.fragmentRefreshScope", "felix.fileinstall.bundles.new.start");

    private final ConfigurationAdmin admin;
    private final BundleContext context;
    private final DeployedBundles bundles;
    /** Both null without FileInstall's API: then nothing scans the directories anyway. */
    private final FileInstallRescan rescan;
    private final DeployScans scans;

    /**
     * The key of {@code dev.capstan.supervisor} this component reads, as
     * {@link dev.capstan.config.spec.SettingsParser} publishes it.
     */
    @interface Settings {
        /** Absolute, normalized directories; none when {@code deploy} is not set. */
        String[] deploy() default {};
    }

    @Activate
    public DeployDirectories(@Reference ConfigurationAdmin admin, @Reference ProcessKernel kernel, BundleContext context,
            Settings settings) {
        this.admin = admin;
        this.context = context;
        this.bundles = new DeployedBundles(context, List.of());
        this.rescan = fileInstallRescan(context);
        this.scans = rescan == null ? null : new DeployScans(kernel, rescan, taken(context));
        apply(settings);
        bundles.open();
        if (scans != null) {
            context.addFrameworkListener(scans);
            if (context.getBundle(0).getState() == Bundle.ACTIVE) {
                scans.rescanSoon(); // the boot's end, which asks for scans, is over
            }
        }
    }

    /** FileInstall's API is an optional import: without it there is no FileInstall to ask. */
    private static FileInstallRescan fileInstallRescan(BundleContext context) {
        try {
            return new FileInstallRescan(context);
        } catch (NoClassDefFoundError e) {
            LOG.debug("no FileInstall API: deploy directories are not scanned");
            return null;
        }
    }

    /** FileInstall's filter of file names, as the launcher sets it; every name when there is none. */
    private static Predicate<String> taken(BundleContext context) {
        String filter = context.getProperty("felix.fileinstall.filter");
        return filter == null ? name -> true : Pattern.compile(filter).asMatchPredicate();
    }

    @Deactivate
    void deactivate() {
        if (scans != null) {
            context.removeFrameworkListener(scans);
            scans.close();
            rescan.close();
        }
        bundles.close();
    }

    @Modified
    void apply(Settings settings) {
        Set<String> wanted = new LinkedHashSet<>(List.of(settings.deploy()));
        List<Path> dirs = watched(wanted);
        bundles.directories(dirs);
        if (scans != null) {
            scans.directories(dirs);
        }
        try {
            Map<String, Configuration> existing = existing();
            for (Map.Entry<String, Configuration> e : existing.entrySet()) {
                if (!wanted.contains(e.getKey())) {
                    e.getValue().delete();
                    LOG.info("{}: no longer watched", e.getKey());
                }
            }
            for (String dir : wanted) {
                if (!existing.containsKey(dir)) {
                    admin.getFactoryConfiguration(FILEINSTALL_PID, dir, "?").update(watcher(dir));
                    LOG.info("{}: watched for service bundles and .cfg files", dir);
                }
            }
        } catch (IOException e) {
            LOG.error("deploy: cannot store FileInstall's configuration: {}", e.getMessage());
        }
    }

    /** The launcher's deploy/ and the listed directories, as FileInstall names their files. */
    private List<Path> watched(Set<String> listed) {
        List<Path> dirs = new ArrayList<>();
        String launcherDir = context.getProperty(DIR);
        if (launcherDir != null) {
            dirs.add(Path.of(launcherDir).toAbsolutePath().normalize());
        }
        for (String dir : listed) {
            dirs.add(Path.of(dir).toAbsolutePath().normalize());
        }
        return dirs;
    }

    /** Watched as the launcher has FileInstall watch deploy/: its framework properties, copied. */
    private Dictionary<String, Object> watcher(String dir) {
        Dictionary<String, Object> p = new Hashtable<>();
        for (String key : WATCH_SETTINGS) {
            String value = context.getProperty(key);
            if (value != null) {
                p.put(key, value);
            }
        }
        p.put(DIR, dir);
        p.put(MARK, dir);
        return p;
    }

    private Map<String, Configuration> existing() throws IOException {
        String filter = "(&(" + ConfigurationAdmin.SERVICE_FACTORYPID + "=" + FILEINSTALL_PID + ")(" + MARK + "=*))";
        Map<String, Configuration> byDir = new HashMap<>();
        try {
            Configuration[] found = admin.listConfigurations(filter);
            for (Configuration c : found == null ? new Configuration[0] : found) {
                byDir.put(String.valueOf(c.getProperties().get(MARK)), c);
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException("bad filter " + filter, e);
        }
        return byDir;
    }
}
