package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.ConfigFileService;
import dev.capstan.api.LogSpec;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StreamName;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * supervisord's {@code getAllConfigInfo}: one struct per process with its 29 keys in its order,
 * sorted by process name; the running services ({@code inuse}) and those the configuration file
 * adds when applied. Keys for what Capstan does not have keep supervisord's values for "not
 * used" (no capture mode, no events, no syslog, no serverurl). Thread-safe.
 */
final class ConfigInfo {

    private static final Comparator<Map<String, Object>> BY_NAME = new Comparator<>() {
        @Override
        public int compare(Map<String, Object> a, Map<String, Object> b) {
            return ((String) a.get("name")).compareTo((String) b.get("name"));
        }
    };

    private final Supervisor supervisor;
    private final ConfigGroups groups;
    private final ProcessInfo info;

    ConfigInfo(Supervisor supervisor, ConfigGroups groups, ProcessInfo info) {
        this.supervisor = supervisor;
        this.groups = groups;
        this.info = info;
    }

    List<Map<String, Object>> all() {
        Map<String, ServiceSpec> specs = new TreeMap<>();
        Map<String, Boolean> inUse = new HashMap<>();
        for (ServiceStatus s : supervisor.services()) {
            specs.put(s.name(), s.spec());
            inUse.put(s.spec().group(), Boolean.TRUE);
        }
        ConfigFileService file = groups.configurationOrNull();
        if (file != null) {
            try {
                for (ServiceSpec spec : file.services()) {
                    if (!specs.containsKey(spec.name())) {
                        specs.put(spec.name(), spec);
                    }
                }
            } catch (SupervisorException e) {
                // no file, or it does not read: the running services are all there is to list
            }
        }
        List<Map<String, Object>> all = new ArrayList<>(specs.size());
        for (ServiceSpec spec : specs.values()) {
            all.add(of(spec, inUse.containsKey(spec.group()), groupPriority(spec, specs)));
        }
        all.sort(BY_NAME);
        return all;
    }

    /** As {@link ProcessTable#groupPriority}: a program's own, else the default. */
    private static int groupPriority(ServiceSpec spec, Map<String, ServiceSpec> specs) {
        for (ServiceSpec other : specs.values()) {
            if (other != spec && other.group().equals(spec.group())) {
                return ProcessTable.DEFAULT_PRIORITY;
            }
        }
        return spec.name().equals(spec.group()) ? spec.priority() : ProcessTable.DEFAULT_PRIORITY;
    }

    private Map<String, Object> of(ServiceSpec spec, boolean inUse, int groupPriority) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("autostart", spec.autostart());
        d.put("directory", spec.directory() == null ? "none" : spec.directory().toString());
        d.put("uid", spec.user() == null ? "none" : (Object) spec.user().uid());
        d.put("command", CommandLine.join(spec.command()));
        d.put("exitcodes", new ArrayList<>(new TreeSet<>(spec.exitCodes())));
        d.put("group", spec.group());
        d.put("group_prio", groupPriority);
        d.put("inuse", inUse);
        d.put("killasgroup", spec.killAsGroup());
        d.put("name", spec.name());
        d.put("process_prio", spec.priority());
        d.put("redirect_stderr", spec.redirectStderr());
        d.put("startretries", spec.startRetries());
        d.put("startsecs", spec.startSecs().getSeconds());
        logKeys(d, spec, StreamName.STDOUT, spec.stdout());
        d.put("stopsignal", spec.stopSignal().number());
        d.put("stopwaitsecs", spec.stopWait().getSeconds());
        logKeys(d, spec, StreamName.STDERR, spec.stderr());
        d.put("serverurl", "none");
        return d;
    }

    private void logKeys(Map<String, Object> d, ServiceSpec spec, StreamName stream, LogSpec log) {
        String prefix = stream == StreamName.STDOUT ? "stdout_" : "stderr_";
        String file = info.logFile(spec, stream);
        boolean none = log.target() == LogSpec.Target.NONE || stream == StreamName.STDERR && spec.redirectStderr();
        d.put(prefix + "capture_maxbytes", 0);
        d.put(prefix + "events_enabled", false);
        d.put(prefix + "logfile", none ? "none" : file);
        d.put(prefix + "logfile_backups", log.backups());
        d.put(prefix + "logfile_maxbytes", log.maxBytes());
        d.put(prefix + "syslog", false);
    }
}
