package dev.capstan.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the embedded Felix framework and installs the distribution's bundles from
 * {@code bundles/<start level>/}, so the directory layout is the start order.
 */
final class FrameworkBoot {
    private static final Logger LOG = LoggerFactory.getLogger(FrameworkBoot.class);

    /**
     * The level the framework rises to at boot. Service bundles get levels above the platform
     * ones from their priority (the extender sets them), so this leaves room for priority 999.
     */
    static final int BEGINNING_START_LEVEL = 2000;

    private FrameworkBoot() {
    }

    /** An initialised framework (state STARTING): services can be registered before bundles start. */
    static Framework create(Distribution dist, Path cache, Map<String, String> capstanProperties) {
        // Felix takes objects too: the logger goes in the same map as the properties.
        Map<String, Object> cfg = new HashMap<>(capstanProperties);
        cfg.put(Constants.FRAMEWORK_STORAGE, cache.toString());
        cfg.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        cfg.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, Integer.toString(BEGINNING_START_LEVEL));
        cfg.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, SystemPackages.extra());
        // Bundles installed later (hot deploy) start after the platform unless the extender
        // gives them a level from their services' priority.
        cfg.put("felix.startlevel.bundle", "10");
        // Felix's URL handlers install JVM-wide factories that nothing here needs.
        cfg.put("felix.service.urlhandlers", "false");
        cfg.put("felix.fileinstall.dir", dist.deploy().toString());
        // FileInstall's scanning thread waits until the config bundle asks it to scan, which it
        // does when inotify reports a change in deploy/ (DeployScans): a bundle copied in is taken
        // at once. A request that comes while it scans is lost, and a change asks a few times;
        // should every one be lost (scans slower than a second), a scan a minute takes the file.
        cfg.put("felix.fileinstall.poll", "60000");
        cfg.put("felix.fileinstall.noInitialDelay", "true");
        // Its WatchService mode would only make its scans cheaper, with a thread (FileSystemWatchService)
        // and classes of its own: the scans are rare and a directory is small.
        cfg.put("felix.fileinstall.disableNio2", "true");
        // The files in deploy/ belong to the image or the operator: never write them back.
        cfg.put("felix.fileinstall.enableConfigSave", "false");
        cfg.put("felix.fileinstall.log.level", "2");
        // Only artifacts: a README or an editor's swap file in deploy/ is not a bundle.
        cfg.put("felix.fileinstall.filter", ".*\\.(jar|cfg|config)");
        // Unset, these mean "refresh every bundle" after an install: a deployed bundle that others
        // import optionally (org.osgi.service.log) then refreshes the platform from inside
        // FileInstall's first scan, which runs on the start-level thread and waits for it: a
        // deadlock at boot. Only the bundles FileInstall manages are refreshed.
        cfg.put("felix.fileinstall.optionalImportRefreshScope", "managed");
        cfg.put("felix.fileinstall.fragmentRefreshScope", "managed");
        // FileInstall would start each bundle on its own scanning thread, where one activator that
        // never returns ends hot deploy for good; the config bundle starts them instead, each on
        // a thread of its own (DeployedBundles).
        cfg.put("felix.fileinstall.bundles.new.start", "false");
        cfg.put("felix.cm.dir", cache.resolve("config").toString());
        // The bundle cache is new at every boot and deleted at exit, so ConfigAdmin's files were
        // written only to be deleted: one new file per configuration, most of the CPU of a
        // 1000-service start (BENCHMARKS.md). Configurations are kept in memory instead.
        cfg.put("felix.cm.pm", "memory");
        // EventAdmin's default pool is 10 threads; state events come from one engine thread.
        cfg.put("org.apache.felix.eventadmin.ThreadPoolSize", "2");
        // EventAdmin turns every framework, bundle, service and log event into an event of its
        // own and queues it on that pool, whether or not anyone subscribed: at every service
        // Capstan registers, and at the framework's stop, where those of the bundles stopping
        // last were still queued, or posted by Felix's dispatcher, after EventAdmin had shut its
        // pool down (a RejectedExecutionException, or "Event Task Processing Interrupted", on
        // the console). Nothing subscribes to them here: EventAdmin carries Capstan's topics.
        // (Felix writes "every topic below a/b" as "a/b*".)
        cfg.put("org.apache.felix.eventadmin.IgnoreTopic", "org/osgi/framework*,org/osgi/service/log*");
        // EventAdmin puts a handler that once took longer than its timeout (5 s) on a deny list
        // for good: the event listeners' hub or the web page's state would then go deaf to the
        // engine without a word, after one slow moment. Capstan's own handlers are never timed.
        // Timing also costs: EventAdmin calls a timed handler on a second pool thread while the
        // delivering one waits, two thread switches per event of the engine's.
        cfg.put("org.apache.felix.eventadmin.IgnoreTimeout", "dev.capstan.*");
        // The resolver's pool (one thread per core) gains nothing on a few bundles, and two idle
        // threads are memory.
        cfg.put("felix.resolver.parallelism", "1");

        FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no OSGi framework on the classpath"));
        cfg.put("felix.log.logger", new FelixLogBridge());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Framework fw = factory.newFramework((Map) cfg);
        try {
            fw.init();
        } catch (BundleException e) {
            throw new IllegalStateException("the framework did not initialise: " + e.getMessage(), e);
        }
        return fw;
    }

    /** Installs and marks for start every {@code bundles/<level>/*.jar}. */
    static void installBundles(Framework fw, Distribution dist) throws BundleException {
        List<Bundle> installed = new ArrayList<>();
        for (Path levelDir : list(dist.bundles())) {
            int level;
            try {
                level = Integer.parseInt(levelDir.getFileName().toString());
            } catch (NumberFormatException e) {
                LOG.warn("{}: not a start level directory, ignored", levelDir);
                continue;
            }
            for (Path jar : list(levelDir)) {
                if (!jar.toString().endsWith(".jar")) {
                    continue;
                }
                // reference: the jars stay where the distribution has them; Felix copies nothing.
                Bundle b = fw.getBundleContext().installBundle("reference:" + jar.toUri());
                b.adapt(BundleStartLevel.class).setStartLevel(level);
                installed.add(b);
            }
        }
        for (Bundle b : installed) {
            if (b.getHeaders().get(Constants.FRAGMENT_HOST) == null) {
                b.start();
            }
        }
        LOG.debug("installed {} bundles from {}", installed.size(), dist.bundles());
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
