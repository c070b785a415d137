package dev.capstan.config.ini;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.capstan.api.LogSpec;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.SocketSpec;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Holds Capstan's reading of a file to supervisord's, process by process and key by key, in the
 * terms both share. The only differences allowed are the documented ones: output that supervisord
 * writes to an AUTO file when no log file is set, or to /dev/stdout and the like, goes to
 * Capstan's console; rotation settings of the console are not compared (it does not rotate).
 */
final class Agreement {

    private static final Set<String> CONSOLE_FILES = Set.of("/dev/stdout", "/dev/fd/1", "/dev/stderr", "/dev/fd/2");

    private Agreement() {
    }

    /** @param theirs supervisord's processes, as dump_config.py prints them */
    @SuppressWarnings("unchecked")
    static void assertAgrees(Map<String, Object> theirs, ParsedConfigFile ours, String label) {
        Map<String, ParsedService> byFullName = new LinkedHashMap<>();
        for (ParsedService s : ours.services()) {
            byFullName.put(s.spec().fullName(), s);
        }
        List<String> theirNames = new ArrayList<>();
        Map<String, Set<String>> theirGroups = new TreeMap<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) theirs.get("processes")) {
            String full = fullName((String) p.get("group"), (String) p.get("name"));
            theirNames.add(full);
            theirGroups.computeIfAbsent((String) p.get("group"), g -> new TreeSet<>()).add((String) p.get("name"));
            ParsedService s = byFullName.get(full);
            assertNotNull(s, label + ": supervisord has " + full + ", Capstan has " + byFullName.keySet());
            assertEquals(expected(p, s), actual(s.spec()), label + ": " + full);
        }
        assertEquals(new TreeSet<>(theirNames), new TreeSet<>(byFullName.keySet()), label + ": the processes");
        Map<String, Set<String>> ourGroups = new TreeMap<>();
        ours.services().forEach(s -> ourGroups.computeIfAbsent(s.spec().group(), g -> new TreeSet<>()).add(s.spec().name()));
        assertEquals(theirGroups, ourGroups, label + ": the groups");
    }

    private static String fullName(String group, String name) {
        return group.equals(name) ? name : group + ":" + name;
    }

    /** supervisord's view, in the terms both share. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> expected(Map<String, Object> p, ParsedService ours) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<?> events = (List<?>) p.get("events");
        m.put("command", p.get("command"));
        m.put("priority", events.isEmpty() ? p.get("priority") : p.get("group_priority"));
        m.put("autostart", p.get("autostart"));
        m.put("startsecs", ((Number) p.get("startsecs")).longValue());
        m.put("startretries", p.get("startretries"));
        m.put("restart", p.get("restart"));
        m.put("exitcodes", new TreeSet<>((List<?>) p.get("exitcodes")).toString());
        m.put("stopsignal", p.get("stopsignal"));
        m.put("stopwaitsecs", ((Number) p.get("stopwaitsecs")).longValue());
        m.put("stopasgroup", p.get("stopasgroup"));
        m.put("killasgroup", p.get("killasgroup"));
        m.put("uid", p.get("uid"));
        m.put("umask", p.get("umask"));
        m.put("redirect_stderr", p.get("redirect_stderr"));
        m.put("directory", p.get("directory") == null ? null : Path.of((String) p.get("directory")).toString());
        m.put("environment", p.get("environment"));
        m.put("stdout", log(p, "stdout", ours));
        if (!Boolean.TRUE.equals(p.get("redirect_stderr"))) {
            m.put("stderr", log(p, "stderr", ours));
        }
        m.put("events", new TreeSet<>(events).toString());
        m.put("socket", socket((Map<String, Object>) p.get("socket")));
        return m;
    }

    /** supervisord's socket config as Capstan's SocketSpec prints: url, backlog (0: the system's), and for Unix mode and owner. */
    @SuppressWarnings("unchecked")
    private static String socket(Map<String, Object> s) {
        if (s == null) {
            return null;
        }
        Object backlog = s.get("backlog");
        String text = s.get("url") + " backlog " + (backlog == null ? 0 : backlog);
        if (!((String) s.get("url")).startsWith("unix://")) {
            return text;
        }
        List<Number> owner = (List<Number>) s.get("owner");
        return text + " mode " + Integer.toOctalString(((Number) s.get("mode")).intValue())
                + " owner " + (owner == null ? "-1:-1" : owner.get(0) + ":" + owner.get(1));
    }

    /**
     * Where supervisord sends a stream, as Capstan is documented to send it: AUTO when the key was
     * not set is the console, and so are the /dev/std* files.
     */
    private static String log(Map<String, Object> p, String stream, ParsedService ours) {
        Object file = p.get(stream + "_logfile");
        String target;
        if (file == null) {
            target = "NONE";
        } else if ("AUTO".equals(file)) {
            String written = ours.values().get(stream + "_logfile");
            target = written != null && written.trim().toLowerCase(Locale.ROOT).equals("auto") ? "AUTO" : "CONSOLE";
        } else if (CONSOLE_FILES.contains(file)) {
            target = "CONSOLE";
        } else {
            target = (String) file;
        }
        if (target.equals("CONSOLE") || target.equals("NONE")) {
            return target;
        }
        return target + " " + p.get(stream + "_logfile_maxbytes") + " " + p.get(stream + "_logfile_backups");
    }

    private static Map<String, Object> actual(ServiceSpec s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", s.command());
        m.put("priority", s.priority());
        m.put("autostart", s.autostart());
        m.put("startsecs", s.startSecs().toSeconds());
        m.put("startretries", s.startRetries());
        m.put("restart", s.restart().name());
        m.put("exitcodes", new TreeSet<>(s.exitCodes()).toString());
        m.put("stopsignal", s.stopSignal().number());
        m.put("stopwaitsecs", s.stopWait().toSeconds());
        m.put("stopasgroup", s.stopAsGroup());
        m.put("killasgroup", s.killAsGroup());
        m.put("uid", s.user() == null ? null : s.user().uid());
        m.put("umask", s.umask());
        m.put("redirect_stderr", s.redirectStderr());
        m.put("directory", s.directory() == null ? null : s.directory().toString());
        m.put("environment", s.environment());
        m.put("stdout", log(s.stdout()));
        if (!s.redirectStderr()) {
            m.put("stderr", log(s.stderr()));
        }
        m.put("events", new TreeSet<>(s.events()).toString());
        SocketSpec socket = s.socket();
        m.put("socket", socket == null ? null : socket + " backlog " + socket.backlog() + (socket.isUnix()
                ? " mode " + Integer.toOctalString(socket.mode()) + " owner " + socket.uid() + ":" + socket.gid() : ""));
        return m;
    }

    private static String log(LogSpec log) {
        switch (log.target()) {
            case CONSOLE:
            case NONE:
                return log.target().name();
            case AUTO:
                return "AUTO " + log.maxBytes() + " " + log.backups();
            default:
                return log.file() + " " + log.maxBytes() + " " + log.backups();
        }
    }
}
