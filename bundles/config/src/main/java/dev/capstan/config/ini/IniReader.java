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
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Reads a supervisord.conf (or a capstan.conf in the same format) with its includes, so that a
 * supervisord 4 configuration runs unchanged, and runs as supervisord runs it: expansions,
 * numprocs, groups, event listeners, and supervisord's tolerance. What supervisord silently
 * accepts is accepted with a warning naming file and line: a key a section does not read (it is
 * ignored), a key or section given twice (the later value wins, sections merge), a conf.d file
 * re-opening a section, an {@code [include]} naming files that do not exist, a section supervisord
 * does not know. What supervisord refuses is an error, and every error of the file is reported at
 * once. Each process becomes one {@link KeyValues} with its values expanded and goes through the
 * one {@link ServiceSpecParser}; the set is then checked whole ({@link ServiceGraph}).
 */
public final class IniReader {

    private static final Set<String> PLAIN_SECTIONS = Set.of(
            "supervisord", "capstan", "unix_http_server", "inet_http_server", "etcd", "supervisorctl", "include");
    private static final Set<String> PREFIXED_SECTIONS = Set.of(
            "program", "eventlistener", "group", "rpcinterface", "fcgi-program", "ctlplugin");
    private static final Set<String> SERVICE_SECTIONS = Set.of("program", "fcgi-program", "eventlistener", "group");
    /** The sections that make processes. */
    private static final Set<String> PROCESS_SECTIONS = Set.of("program", "fcgi-program", "eventlistener");
    /** ConfigParser's section whose keys every other section inherits. */
    private static final String DEFAULT = "DEFAULT";
    private static final String IGNORED = "ignored, as supervisord ignores it";

    private final Host host;
    private final ServiceSpecParser parser;
    private final SettingsParser settings;

    public IniReader(Host host) {
        this.host = host;
        this.parser = new ServiceSpecParser(host.users());
        this.settings = new SettingsParser(host.users());
    }

    /** @throws ConfigException with every problem of the file and its includes, each with file and line */
    public ParsedConfigFile read(Path file) {
        Reading reading = new Reading(file);
        try {
            return reading.read(file);
        } catch (ConfigLimits.Exceeded e) {
            throw reading.stopped(e);
        }
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
     * @throws ConfigException with every problem, each with source and line
     */
    public List<ParsedService> readServices(String text, String source, Warnings warnings, ConfigLimits limits) {
        Reading reading = new Reading(null, warnings, limits);
        try {
            return readServices(reading, text, source);
        } catch (ConfigLimits.Exceeded e) {
            throw reading.stopped(e);
        }
    }

    private List<ParsedService> readServices(Reading reading, String text, String source) {
        List<IniSection> sections = reading.parse(text, source);
        if (sections.isEmpty() && reading.errors.isEmpty()) {
            throw new ConfigException(Location.of(source), null, "no sections: an empty configuration defines nothing");
        }
        Map<String, IniSection> byName = new LinkedHashMap<>();
        for (IniSection s : sections) {
            byName.put(s.name(), s);
            if (!SERVICE_SECTIONS.contains(s.kind()) || s.suffix() == null) {
                reading.errors.add(new ConfigException(s.header(), "[" + s.name() + "]",
                        "not allowed here: only [program:x], [fcgi-program:x], [eventlistener:x] and [group:x]; settings belong in the -c file"));
            }
        }
        List<ParsedService> services = reading.services(sections, byName, null, Map.of());
        reading.throwIfFailed();
        return services;
    }

    /** One read of a file and its includes: what it found so far. */
    private final class Reading {

        /** supervisord's {@code %(here)s}: the directory of the file it was started with. */
        private final Path here;
        private final Warnings warnings;
        private final List<ConfigException> errors = new ArrayList<>();
        /** The files read, in order: errors are reported in this order, then by line. */
        private final List<String> files = new ArrayList<>();
        /** Where the keys of [DEFAULT] are written: a section inheriting them is not told it does not read them. */
        private final Set<Location> defaults = new HashSet<>();
        private final ConfigLimits limits;

        Reading(Path main) {
            this(main, new Warnings(), new ConfigLimits());
        }

        Reading(Path main, Warnings warnings, ConfigLimits limits) {
            this.here = main == null ? null : main.toAbsolutePath().normalize().getParent();
            this.warnings = warnings;
            this.limits = limits;
        }

        ParsedConfigFile read(Path file) {
            List<IniSection> sections = parse(ConfigText.read(file), file.toString());
            Map<String, IniSection> byName = new LinkedHashMap<>();
            IniSection include = sections.stream().filter(s -> s.name().equals("include")).findFirst().orElse(null);
            if (include != null) {
                sections = hereReplaced(sections, file);
            }
            merge(sections, byName);
            if (include != null) {
                include(byName.remove("include"), file, byName);
            }
            if (byName.isEmpty() && errors.isEmpty()) {
                throw new ConfigException(Location.of(file.toString()), null, "no sections: an empty configuration defines nothing");
            }
            inheritDefaults(byName);
            List<IniSection> merged = new ArrayList<>(byName.values());
            IniSection global;
            try {
                global = global(byName);
            } catch (ConfigException e) {
                errors.add(e);
                global = byName.get("supervisord");
            }
            Map<String, String> globalEnvironment = Map.of();
            Map<String, Object> supervisor = null;
            Map<String, String> control = null;
            Map<String, String> inet = null;
            Map<String, Object> etcd = null;
            for (IniSection s : merged) {
                try {
                    switch (kindOf(s)) {
                        case "supervisord":
                        case "capstan":
                            if (s == global) {
                                KeyValues values = expanded(readable(s, s.values(), supervisorKeys()), base());
                                supervisor = settings.supervisor(values, warnings);
                                globalEnvironment = values.has("environment")
                                        ? EnvironmentList.parse(values.get("environment")) : Map.of();
                            }
                            break;
                        case "unix_http_server":
                            control = settings.control(expanded(readable(s, s.values(), controlKeys()), base()), warnings);
                            break;
                        case "inet_http_server":
                            inet = settings.inet(expanded(readable(s, s.values(), KeyCatalog.INET_HTTP), base()), warnings);
                            break;
                        case "etcd":
                            etcd = settings.etcd(etcdValues(s), warnings);
                            break;
                        case "supervisorctl":
                            Set<String> supervisorctl = new TreeSet<>(KeyCatalog.SUPERVISORCTL);
                            supervisorctl.addAll(KeyCatalog.names(KeyCatalog.IGNORED_SUPERVISORCTL));
                            SettingsParser.checkKeys(readable(s, s.values(), supervisorctl), KeyCatalog.SUPERVISORCTL,
                                    KeyCatalog.IGNORED_SUPERVISORCTL, warnings);
                            break;
                        case "unknown":
                            warnings.add(s.header(), "[" + s.name() + "]", KeySuggestion.unknown("section", s.name(), sectionNames(s))
                                    + "; " + IGNORED);
                            break;
                        default:
                            String why = KeyCatalog.IGNORED_SECTIONS.get(s.kind());
                            if (why != null && !isMainRpcInterface(s)) {
                                warnings.add(s.header(), "[" + s.name() + "]", "not implemented by Capstan, section ignored (" + why + ")");
                            }
                    }
                } catch (ConfigException e) {
                    errors.add(e);
                }
            }
            List<ParsedService> services = services(merged, byName, global, globalEnvironment);
            throwIfFailed();
            warnings.sort(files);
            return new ParsedConfigFile(ServiceGraph.startOrder(services), supervisor, control, inet, etcd, warnings);
        }

        /** {@code [rpcinterface:supervisor]} naming supervisord's own interface, the one Capstan serves. */
        private boolean isMainRpcInterface(IniSection s) {
            return s.kind().equals("rpcinterface")
                    && KeyCatalog.MAIN_RPC_INTERFACE.equals(s.values().get("supervisor.rpcinterface_factory"));
        }

        /**
         * One file's sections; a line ConfigParser cannot read is noted, the rest still read. The
         * text is counted first ({@link ConfigLimits}), so a file past the limits costs no more
         * than its text: that ends the read ({@link #stopped}).
         */
        List<IniSection> parse(String text, String fileName) {
            files.add(fileName);
            limits.scanIni(text, fileName);
            return IniParser.parse(text, fileName, warnings, errors);
        }

        /**
         * The files {@code [include] files =} names, read in order, their sections merged into
         * those read so far. As supervisord: patterns are relative to the main file's directory;
         * a pattern that matches nothing, or a match that cannot be read (a directory, no
         * permission), is skipped with a warning; an {@code [include]} in an included file is not
         * read; an included file's {@code %(here)s} is its own directory.
         */
        private void include(IniSection include, Path main, Map<String, IniSection> byName) {
            KeyValues values;
            try {
                values = expanded(readable(include, include.values(), KeyCatalog.INCLUDE), base());
            } catch (ConfigException e) {
                errors.add(e);
                return;
            }
            if (!values.has("files")) {
                errors.add(new ConfigException(include.header(), "[include]", "files: missing (supervisord refuses an [include] without files =)"));
                return;
            }
            Path dir = main.getParent() == null ? Path.of("") : main.getParent(); // keeps messages' paths as the user wrote them
            Location at = values.location("files");
            for (String pattern : IncludeFiles.patterns(values.get("files"))) {
                List<Path> matches = IncludeFiles.resolve(pattern, dir);
                if (matches.isEmpty()) {
                    warnings.add(at, "files", pattern + " matches no file; skipped, as supervisord skips it");
                }
                for (Path match : matches) {
                    if (!Files.isRegularFile(match) || !Files.isReadable(match)) {
                        // supervisord would block for good reading a FIFO: skipped here like the rest.
                        String why = Files.isDirectory(match, LinkOption.NOFOLLOW_LINKS) ? " is a directory"
                                : Files.exists(match) && !Files.isRegularFile(match) ? " is not a regular file (a FIFO, socket or device)"
                                : " cannot be read";
                        warnings.add(at, "files", match + why + "; skipped, as supervisord skips it");
                        continue;
                    }
                    List<IniSection> sections;
                    try {
                        sections = hereReplaced(parse(ConfigText.read(match), match.toString()), match);
                    } catch (ConfigLimits.Exceeded e) {
                        throw e;
                    } catch (ConfigException e) {
                        errors.add(e);
                        continue;
                    }
                    for (IniSection s : sections) {
                        if (s.name().equals("include")) {
                            warnings.add(s.header(), "[include]", "not read: supervisord reads [include] only in the file it is started with");
                        }
                    }
                    sections.removeIf(s -> s.name().equals("include"));
                    merge(sections, byName);
                }
            }
        }

        /** Adds a file's sections; one already read (in another file) is re-opened: its keys merged, later ones winning. */
        private void merge(List<IniSection> sections, Map<String, IniSection> byName) {
            for (IniSection s : sections) {
                IniSection first = byName.get(s.name());
                if (first == null) {
                    byName.put(s.name(), s);
                    continue;
                }
                warnings.add(s.header(), "[" + s.name() + "]", "section given again (first at " + first.header()
                        + "); merged into it, a later key replacing an earlier one, as supervisord does");
                KeyValues values = s.values();
                for (String key : values.keys()) {
                    first.values().put(key, values.get(key), values.location(key));
                }
            }
        }

        /** What supervisord's expand_here does when there is an [include]: {@code %(here)s} is the directory of the file it is written in. */
        private List<IniSection> hereReplaced(List<IniSection> sections, Path file) {
            String dir = file.toAbsolutePath().normalize().getParent().toString();
            List<IniSection> out = new ArrayList<>();
            for (IniSection s : sections) {
                KeyValues values = new KeyValues(s.header());
                s.values().keys().forEach(k -> values.put(k, s.values().get(k).replace("%(here)s", dir), s.values().location(k)));
                out.add(new IniSection(s.name(), values));
            }
            return out;
        }

        /** [DEFAULT]'s keys, as ConfigParser gives them to every section that does not set them itself. */
        private void inheritDefaults(Map<String, IniSection> byName) {
            IniSection inherited = byName.remove(DEFAULT);
            if (inherited == null) {
                return;
            }
            KeyValues d = inherited.values();
            d.keys().forEach(k -> defaults.add(d.location(k)));
            for (IniSection s : byName.values()) {
                for (String key : d.keys()) {
                    if (!s.values().has(key)) {
                        s.values().put(key, d.get(key), d.location(key));
                    }
                }
            }
        }

        List<ParsedService> services(List<IniSection> sections, Map<String, IniSection> byName, IniSection global,
                Map<String, String> globalEnvironment) {
            Map<String, String> groupOf = groups(sections, byName);
            List<ParsedService> services = new ArrayList<>();
            for (IniSection s : sections) {
                if (PROCESS_SECTIONS.contains(s.kind()) && s.suffix() != null) {
                    try {
                        services.addAll(processes(s, groupOf, global, globalEnvironment));
                    } catch (ConfigLimits.Exceeded e) {
                        throw e;
                    } catch (ConfigException e) {
                        errors.add(e);
                    }
                }
            }
            return services;
        }

        /** {@code [group:x] programs=} : program name to group name. */
        private Map<String, String> groups(List<IniSection> sections, Map<String, IniSection> byName) {
            Map<String, String> groupOf = new LinkedHashMap<>();
            for (IniSection s : sections) {
                if (!s.kind().equals("group")) {
                    continue;
                }
                try {
                    String group = name(s);
                    KeyValues values = expanded(readable(s, s.values(), groupKeys()), base());
                    SettingsParser.checkKeys(values, KeyCatalog.GROUP, KeyCatalog.IGNORED_GROUP, warnings);
                    if (!values.has("programs")) {
                        warnings.add(s.header(), "[" + s.name() + "]", "no programs =: an empty group, as supervisord makes it");
                        continue;
                    }
                    for (String program : Values.list(values.get("programs"))) {
                        boolean plain = byName.containsKey("program:" + program);
                        boolean fcgi = byName.containsKey("fcgi-program:" + program);
                        if (plain && fcgi) {
                            throw new ConfigException(values.location("programs"), "programs=" + values.get("programs"),
                                    program + " is ambiguous: there are [program:" + program + "] and [fcgi-program:" + program + "]");
                        }
                        if (!plain && !fcgi) {
                            Set<String> known = new TreeSet<>();
                            byName.values().stream().filter(x -> x.kind().equals("program") || x.kind().equals("fcgi-program"))
                                    .forEach(x -> known.add(x.suffix()));
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
                } catch (ConfigException e) {
                    errors.add(e);
                }
            }
            return groupOf;
        }

        /**
         * One {@code [program:x]}, {@code [fcgi-program:x]} or {@code [eventlistener:x]}: numprocs
         * services, each expanded and parsed. An fcgi-program's socket is expanded once, with
         * supervisord's names for it (program_name, here, ENV_X): every process of the pool gets
         * the same.
         */
        private List<ParsedService> processes(IniSection s, Map<String, String> groupOf, IniSection global,
                Map<String, String> globalEnvironment) {
            String program = name(s);
            String group = groupOf.getOrDefault(program, program);
            boolean listener = s.kind().equals("eventlistener");
            boolean fcgi = s.kind().equals("fcgi-program");
            KeyValues raw = readable(s, s.values(), listener ? listenerKeys() : fcgi ? fcgiKeys() : programKeys());
            if (listener && !raw.has("events")) {
                throw new ConfigException(s.header(), "[" + s.name() + "]", "events: missing, an event listener needs events =");
            }
            if (fcgi && !raw.has("socket")) {
                throw new ConfigException(s.header(), "[" + s.name() + "]", "socket: missing, an fcgi-program needs socket =");
            }
            String socket = fcgi ? expand(raw, "socket", raw.get("socket"),
                    base().put("program_name", program).putEnvironment(globalEnvironment)) : null;
            Expansions common = base().put("program_name", program).put("group_name", group).putEnvironment(globalEnvironment);
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
                    if (KeyCatalog.INI_PROGRAM_ONLY.contains(key) || key.equals("environment") || key.equals("socket")) {
                        continue;
                    }
                    out.put(key, expand(raw, key, raw.get(key), names), raw.location(key));
                }
                if (!environment.isEmpty()) {
                    out.put("environment", formatted(environment, environmentAt), environmentAt);
                }
                if (socket != null) {
                    out.put("socket", socket, raw.location("socket"));
                }
                if (listener && !raw.has("priority")) {
                    out.put("priority", "-1", s.header()); // supervisord's default for listeners: start first, stop last
                }
                result.add(parser.parse(out, warnings));
            }
            return result;
        }

        /**
         * The keys of a section that it reads; any other is dropped with a warning, since
         * supervisord ignores a key a section does not read (a typo, or a key of another section).
         */
        private KeyValues readable(IniSection s, KeyValues values, Set<String> read) {
            KeyValues kept = values.copy();
            for (String key : values.keys()) {
                if (read.contains(key)) {
                    continue;
                }
                kept.remove(key);
                if (defaults.contains(values.location(key))) {
                    continue; // inherited from [DEFAULT]: not written here
                }
                String where = elsewhere(key, s.kind());
                warnings.add(values.location(key), key, (where != null
                        ? "not read in [" + s.name() + "] (a key of " + where + ")"
                        : KeySuggestion.unknown("key", key, read)) + "; " + IGNORED);
            }
            return kept;
        }

        /** A limit ended the read: it is reported with the problems found before it. */
        ConfigException stopped(ConfigLimits.Exceeded limit) {
            errors.add(limit);
            throwIfFailed();
            return limit;
        }

        void throwIfFailed() {
            if (!errors.isEmpty()) {
                List<ConfigException> all = new ArrayList<>(ConfigException.of(errors).problems());
                all.sort(Comparator.comparingInt((ConfigException e) -> files.indexOf(e.location().file()))
                        .thenComparingInt(e -> e.location().line()));
                throw ConfigException.of(all);
            }
        }

        /**
         * {@code [etcd]}'s values expanded; they may name {@code %(node)s}, its {@code node} key,
         * expanded first. Capstan's own section: a key written in it that it does not read is an
         * error (SettingsParser); one inherited from {@code [DEFAULT]} is dropped, as elsewhere.
         */
        private KeyValues etcdValues(IniSection s) {
            Expansions names = base();
            KeyValues raw = s.values().copy();
            for (String key : s.values().keys()) {
                if (defaults.contains(s.values().location(key)) && !KeyCatalog.ETCD.contains(key)) {
                    raw.remove(key);
                }
            }
            if (raw.has("node")) {
                names.put("node", expand(raw, "node", raw.get("node"), names));
            }
            return expanded(raw, names);
        }

        /** What every section may expand: supervisord's directory, the node name, the environment. */
        private Expansions base() {
            Expansions names = new Expansions()
                    .put("host_node_name", host.nodeName())
                    .putEnvironment(host.environment());
            return here == null ? names : names.put("here", here.toString());
        }
    }

    /** The section's kind for reading: its prefix, {@code unknown} for a name supervisord does not know. */
    private static String kindOf(IniSection s) {
        String kind = s.kind();
        boolean known = s.suffix() != null ? PREFIXED_SECTIONS.contains(kind) : PLAIN_SECTIONS.contains(kind);
        return known ? kind : "unknown";
    }

    private static Set<String> sectionNames(IniSection s) {
        Set<String> candidates = new TreeSet<>(PLAIN_SECTIONS);
        PREFIXED_SECTIONS.forEach(p -> candidates.add(p + ":" + (s.suffix() != null ? s.suffix() : "x")));
        return candidates;
    }

    /** Which kind of section reads a key, for a key written in the wrong one; null for a key no section reads. */
    private static String elsewhere(String key, String kind) {
        if (!kind.equals("program") && !kind.equals("fcgi-program") && programKeys().contains(key)) {
            return "[program:x]";
        }
        if (!kind.equals("fcgi-program") && KeyCatalog.SOCKET.contains(key)) {
            return "[fcgi-program:x]";
        }
        if (!kind.equals("eventlistener") && listenerKeys().contains(key)) {
            return "[eventlistener:x]";
        }
        if (!kind.equals("supervisord") && !kind.equals("capstan") && supervisorKeys().contains(key)) {
            return "[supervisord]";
        }
        if (!kind.equals("unix_http_server") && controlKeys().contains(key)) {
            return "[unix_http_server]";
        }
        return null;
    }

    private static Set<String> programKeys() {
        Set<String> keys = KeyCatalog.serviceKeys();
        keys.addAll(KeyCatalog.INI_PROGRAM_ONLY);
        keys.removeAll(Set.of("name", "group", "events"));
        keys.removeAll(KeyCatalog.LISTENER_ONLY);
        keys.removeAll(KeyCatalog.SOCKET);
        return keys;
    }

    private static Set<String> fcgiKeys() {
        Set<String> keys = programKeys();
        keys.addAll(KeyCatalog.SOCKET);
        return keys;
    }

    private static Set<String> listenerKeys() {
        Set<String> keys = programKeys();
        keys.add("events");
        keys.addAll(KeyCatalog.LISTENER_ONLY);
        return keys;
    }

    private static Set<String> supervisorKeys() {
        Set<String> keys = new TreeSet<>(KeyCatalog.SUPERVISOR);
        keys.addAll(KeyCatalog.SUPERVISOR_READER);
        keys.addAll(KeyCatalog.names(KeyCatalog.IGNORED_SUPERVISOR));
        return keys;
    }

    private static Set<String> controlKeys() {
        return new TreeSet<>(KeyCatalog.CONTROL);
    }

    private static Set<String> groupKeys() {
        Set<String> keys = new TreeSet<>(KeyCatalog.GROUP);
        keys.addAll(KeyCatalog.names(KeyCatalog.IGNORED_GROUP));
        return keys;
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

    private static Map<String, String> parsedEnvironment(KeyValues raw, Expansions names) {
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
    private static KeyValues expanded(KeyValues raw, Expansions names) {
        KeyValues out = new KeyValues(raw.origin());
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
}
