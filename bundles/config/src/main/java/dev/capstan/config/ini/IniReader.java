package dev.capstan.config.ini;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ConfigLimits;
import dev.capstan.config.spec.ConfigText;
import dev.capstan.config.spec.EnvironmentList;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.KeyCatalog;
import dev.capstan.config.spec.KeySuggestion;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.ServiceGraph;
import dev.capstan.config.spec.ServiceSpecParser;
import dev.capstan.config.spec.SettingsParser;
import dev.capstan.config.spec.Values;
import dev.capstan.config.spec.Warnings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a supervisord.conf (or a capstan.conf in the same format) with its includes, so that a
 * supervisord 4 configuration runs unchanged: expansions, numprocs, groups, event listeners.
 * Each process becomes one {@link KeyValues} with its values expanded and goes through the one
 * {@link ServiceSpecParser}; the set is then checked whole ({@link ServiceGraph}).
 */
public final class IniReader {

    private static final Set<String> PLAIN_SECTIONS = Set.of(
            "supervisord", "capstan", "unix_http_server", "inet_http_server", "supervisorctl", "include");
    private static final Set<String> PREFIXED_SECTIONS = Set.of(
            "program", "eventlistener", "group", "rpcinterface", "fcgi-program", "ctlplugin");
    private static final Set<String> SERVICE_SECTIONS = Set.of("program", "eventlistener", "group");

    private final Host host;
    private final ServiceSpecParser parser;
    private final SettingsParser settings;

    public IniReader(Host host) {
        this.host = host;
        this.parser = new ServiceSpecParser(host.users());
        this.settings = new SettingsParser(host.users());
    }

    /** @throws ConfigException at the first problem, with file and line */
    public ParsedConfigFile read(Path file) {
        Warnings warnings = new Warnings();
        List<IniSection> sections = new ArrayList<>();
        ConfigLimits limits = new ConfigLimits();
        load(file, sections, new HashSet<>(), warnings, limits);
        if (sections.isEmpty()) {
            throw new ConfigException(Location.of(file.toString()), null, "no sections: an empty configuration defines nothing");
        }
        Map<String, IniSection> byName = new LinkedHashMap<>();
        for (IniSection s : sections) {
            IniSection first = byName.putIfAbsent(s.name(), s);
            if (first != null) {
                throw new ConfigException(s.header(), "[" + s.name() + "]", "duplicate section (first at " + first.header() + ")");
            }
            checkSectionName(s);
        }

        IniSection global = global(byName);
        Map<String, String> globalEnvironment = Map.of();
        Map<String, Object> supervisor = null;
        if (global != null) {
            KeyValues values = expanded(global, base(global));
            supervisor = settings.supervisor(values, warnings);
            if (values.has("environment")) {
                globalEnvironment = EnvironmentList.parse(values.get("environment"));
            }
        }
        Map<String, String> control = null;
        Map<String, String> inet = null;
        for (IniSection s : sections) {
            switch (s.kind()) {
                case "unix_http_server":
                    control = settings.control(expanded(s, base(s)), warnings);
                    break;
                case "inet_http_server":
                    inet = settings.inet(expanded(s, base(s)), warnings);
                    break;
                case "supervisorctl":
                    SettingsParser.checkKeys(s.values(), KeyCatalog.SUPERVISORCTL, KeyCatalog.IGNORED_SUPERVISORCTL, warnings);
                    break;
                default:
                    String why = KeyCatalog.IGNORED_SECTIONS.get(s.kind());
                    if (why != null) {
                        warnings.add(s.header(), "[" + s.name() + "]", "not implemented by Capstan, section ignored (" + why + ")");
                    }
            }
        }

        List<ParsedService> services = services(sections, byName, global, globalEnvironment, warnings, limits);
        return new ParsedConfigFile(ServiceGraph.startOrder(services), supervisor, control, inet, warnings);
    }

    /**
     * Reads the services of a text that is not a file of its own: a service bundle's
     * {@code OSGI-INF/capstan/*.conf}. Only {@code [program:x]}, {@code [eventlistener:x]} and
     * {@code [group:x]} are allowed (settings belong to the {@code -c} file), there is no
     * {@code [include]} and no {@code %(here)s}. The services are not checked as a whole: their
     * dependencies may be defined elsewhere.
     *
     * @param source what locations name, e.g. {@code bundle dev.capstan.service.dbus 1.0.0 OSGI-INF/capstan/dbus.conf}
     * @param limits counts the bundle's services, across its resources
     * @throws ConfigException at the first problem, with source and line
     */
    public List<ParsedService> readServices(String text, String source, Warnings warnings, ConfigLimits limits) {
        limits.scanIni(text, source);
        List<IniSection> sections = IniParser.parse(text, source, null);
        if (sections.isEmpty()) {
            throw new ConfigException(Location.of(source), null, "no sections: an empty configuration defines nothing");
        }
        Map<String, IniSection> byName = new LinkedHashMap<>();
        for (IniSection s : sections) {
            byName.put(s.name(), s); // IniParser refuses duplicate sections
            checkSectionName(s);
            if (!SERVICE_SECTIONS.contains(s.kind())) {
                throw new ConfigException(s.header(), "[" + s.name() + "]",
                        "not allowed here: only [program:x], [eventlistener:x] and [group:x]; settings belong in the -c file");
            }
        }
        return services(sections, byName, null, Map.of(), warnings, limits);
    }

    private List<ParsedService> services(List<IniSection> sections, Map<String, IniSection> byName, IniSection global,
            Map<String, String> globalEnvironment, Warnings warnings, ConfigLimits limits) {
        Map<String, String> groupOf = groups(sections, byName, warnings);
        List<ParsedService> services = new ArrayList<>();
        for (IniSection s : sections) {
            if (s.kind().equals("program") || s.kind().equals("eventlistener")) {
                services.addAll(processes(s, groupOf, global, globalEnvironment, warnings, limits));
            }
        }
        return services;
    }

    /**
     * Reads a file and, depth first, the files its [include] names; each file once. Each text is
     * counted before it is parsed, so a file past the limits costs no more than its text.
     */
    private void load(Path file, List<IniSection> into, Set<Path> loaded, Warnings warnings, ConfigLimits limits) {
        Path real = realPath(file);
        if (!loaded.add(real)) {
            return;
        }
        String text = ConfigText.read(file);
        limits.scanIni(text, file.toString());
        for (IniSection s : IniParser.parse(text, file)) {
            if (!s.name().equals("include")) {
                into.add(s);
                continue;
            }
            KeyValues values = expanded(s, base(s));
            for (String key : values.keys()) {
                if (!KeyCatalog.INCLUDE.contains(key)) {
                    throw new ConfigException(values.location(key), key, KeySuggestion.unknown("key", key, KeyCatalog.INCLUDE));
                }
            }
            if (!values.has("files")) {
                throw new ConfigException(s.header(), "[include]", "files: missing");
            }
            Path dir = file.getParent() == null ? Path.of("") : file.getParent(); // keeps messages' paths as the user wrote them
            for (String pattern : values.get("files").split("\\s+")) {
                if (pattern.isEmpty()) {
                    continue;
                }
                List<Path> matches = IncludeFiles.resolve(pattern, dir);
                if (matches.isEmpty()) {
                    if (!IncludeFiles.isGlob(pattern)) {
                        throw new ConfigException(values.location("files"), "files=" + values.get("files"),
                                pattern + ": no such file");
                    }
                    warnings.add(values.location("files"), "files", pattern + " matches no file");
                }
                for (Path match : matches) {
                    load(match, into, loaded, warnings, limits);
                }
            }
        }
    }

    private static void checkSectionName(IniSection s) {
        String kind = s.kind();
        boolean prefixed = s.suffix() != null;
        if (prefixed ? PREFIXED_SECTIONS.contains(kind) : PLAIN_SECTIONS.contains(kind)) {
            if (prefixed) {
                name(s);
            }
            return;
        }
        Set<String> candidates = new TreeSet<>();
        PLAIN_SECTIONS.forEach(p -> candidates.add(p));
        PREFIXED_SECTIONS.forEach(p -> candidates.add(p + ":" + (prefixed ? s.suffix() : "x")));
        throw new ConfigException(s.header(), "[" + s.name() + "]", KeySuggestion.unknown("section", s.name(), candidates));
    }

    /** The section's own name ({@code web} of {@code [program:web]}), checked as supervisord checks it. */
    private static String name(IniSection s) {
        try {
            return Values.name(s.suffix());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(s.header(), "[" + s.name() + "]", e.getMessage());
        }
    }

    private static IniSection global(Map<String, IniSection> byName) {
        IniSection supervisord = byName.get("supervisord");
        IniSection capstan = byName.get("capstan");
        if (supervisord != null && capstan != null) {
            throw new ConfigException(capstan.header(), "[capstan]",
                    "[capstan] is another name for [supervisord] (at " + supervisord.header() + "); use one");
        }
        return capstan != null ? capstan : supervisord;
    }

    /** {@code [group:x] programs=} : program name to group name. */
    private Map<String, String> groups(List<IniSection> sections, Map<String, IniSection> byName, Warnings warnings) {
        Map<String, String> groupOf = new LinkedHashMap<>();
        for (IniSection s : sections) {
            if (!s.kind().equals("group")) {
                continue;
            }
            String group = name(s);
            KeyValues values = expanded(s, base(s));
            SettingsParser.checkKeys(values, KeyCatalog.GROUP, KeyCatalog.IGNORED_GROUP, warnings);
            if (!values.has("programs")) {
                throw new ConfigException(s.header(), "[" + s.name() + "]", "programs: missing");
            }
            for (String program : Values.list(values.get("programs"))) {
                if (!byName.containsKey("program:" + program)) {
                    Set<String> known = new TreeSet<>();
                    byName.values().stream().filter(x -> x.kind().equals("program")).forEach(x -> known.add(x.suffix()));
                    throw new ConfigException(values.location("programs"), "programs=" + values.get("programs"),
                            "no [program:" + program + "]"
                                    + KeySuggestion.closest(program, known).map(k -> ", did you mean " + k + "?").orElse(""));
                }
                String other = groupOf.putIfAbsent(program, group);
                if (other != null) {
                    throw new ConfigException(values.location("programs"), "programs=" + values.get("programs"),
                            program + " is already in [group:" + other + "]");
                }
            }
        }
        return groupOf;
    }

    /** One {@code [program:x]} or {@code [eventlistener:x]}: numprocs services, each expanded and parsed. */
    private List<ParsedService> processes(IniSection s, Map<String, String> groupOf, IniSection global,
            Map<String, String> globalEnvironment, Warnings warnings, ConfigLimits limits) {
        String program = name(s);
        String group = groupOf.getOrDefault(program, program);
        boolean listener = s.kind().equals("eventlistener");
        KeyValues raw = s.values();
        for (String reserved : List.of("name", "group")) {
            if (raw.has(reserved)) {
                throw new ConfigException(raw.location(reserved), reserved,
                        "not allowed in [" + s.name() + "]: the section header and [group:x] give names");
            }
        }
        if (!listener && raw.has("events")) {
            throw new ConfigException(raw.location("events"), "events", "only allowed in [eventlistener:x]");
        }
        if (listener && !raw.has("events")) {
            throw new ConfigException(s.header(), "[" + s.name() + "]", "events: missing, an event listener needs events =");
        }
        Expansions common = base(s).put("program_name", program).put("group_name", group).putEnvironment(globalEnvironment);
        int numprocs = expandedValue(raw, "numprocs", common, "1", t -> {
            int n = Values.integer(t);
            if (n < 1) {
                throw new IllegalArgumentException("must be 1 or more");
            }
            return n;
        });
        // The section's header counted one service already.
        limits.addServices(numprocs - 1, raw.location("numprocs"), "numprocs=" + numprocs);
        int start = expandedValue(raw, "numprocs_start", common, "0", Values::count);
        String processName = raw.has("process_name") ? raw.get("process_name") : "%(program_name)s";
        if (numprocs > 1 && !processName.contains("%(process_num)")) {
            throw new ConfigException(raw.location("process_name"), "process_name=" + processName,
                    "must contain %(process_num)s (or %(process_num)02d...) when numprocs > 1");
        }

        List<ParsedService> result = new ArrayList<>();
        for (int num = start; num < start + numprocs; num++) {
            Expansions names = common.copy().put("process_num", num).put("numprocs", numprocs);
            Map<String, String> environment = new LinkedHashMap<>(globalEnvironment);
            Location environmentAt = global != null ? global.values().location("environment") : s.header();
            if (raw.has("environment")) {
                Map<String, String> own = parsedEnvironment(raw, names);
                names.putEnvironment(own);
                environment.putAll(own);
                environmentAt = raw.location("environment");
            }
            KeyValues out = new KeyValues(s.header());
            String name = expandedValue(raw, "process_name", names, processName, Values::name);
            out.put("name", name, raw.location("process_name"));
            if (!group.equals(name)) {
                out.put("group", group, s.header());
            }
            for (String key : raw.keys()) {
                if (KeyCatalog.INI_PROGRAM_ONLY.contains(key) || key.equals("environment")) {
                    continue;
                }
                out.put(key, expand(raw, key, raw.get(key), names), raw.location(key));
            }
            if (!environment.isEmpty()) {
                out.put("environment", formatted(environment, environmentAt), environmentAt);
            }
            if (listener && !raw.has("priority")) {
                out.put("priority", "-1", s.header()); // supervisord's default for listeners: start first, stop last
            }
            result.add(parser.parse(out, warnings));
        }
        return result;
    }

    private Map<String, String> parsedEnvironment(KeyValues raw, Expansions names) {
        String text = expand(raw, "environment", raw.get("environment"), names);
        try {
            return EnvironmentList.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(raw.location("environment"), "environment=" + text, e.getMessage());
        }
    }

    private static String formatted(Map<String, String> environment, Location at) {
        try {
            return EnvironmentList.format(environment);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at, "environment", e.getMessage());
        }
    }

    private static <T> T expandedValue(KeyValues raw, String key, Expansions names, String fallback,
            Function<String, T> parse) {
        String text = raw.has(key) ? raw.get(key) : fallback;
        String value = expand(raw, key, text, names);
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(raw.location(key), key + "=" + value, e.getMessage());
        }
    }

    /** A section's values with every expansion done, for sections that are not processes. */
    private static KeyValues expanded(IniSection s, Expansions names) {
        KeyValues out = new KeyValues(s.header());
        KeyValues raw = s.values();
        for (String key : raw.keys()) {
            out.put(key, expand(raw, key, raw.get(key), names), raw.location(key));
        }
        return out;
    }

    private static String expand(KeyValues raw, String key, String text, Expansions names) {
        try {
            return names.expand(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(raw.location(key), key + "=" + text, e.getMessage());
        }
    }

    /** What every section may expand: its file's directory, the node name, the environment. */
    private Expansions base(IniSection s) {
        Expansions names = new Expansions()
                .put("host_node_name", host.nodeName())
                .putEnvironment(host.environment());
        return s.file() == null ? names : names.put("here", directoryOf(s.file()).toString());
    }

    private static Path directoryOf(Path file) {
        return file.toAbsolutePath().normalize().getParent();
    }

    private static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize(); // reading it reports the problem
        }
    }
}
