package dev.capstan.config.spec;

import dev.capstan.api.Dependency;
import dev.capstan.api.FatalAction;
import dev.capstan.api.LogSpec;
import dev.capstan.api.Probe;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceType;
import dev.capstan.api.SocketSpec;
import dev.capstan.process.Credentials;
import dev.capstan.process.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one validating parser: a service's key/values, in INI key names, to a {@link ServiceSpec}.
 * The INI, YAML and OSGi configuration readers all end here, so a key means the same and fails
 * the same way whatever file it came from. Values arrive already expanded ({@code %(...)s} is the
 * INI reader's business).
 */
public final class ServiceSpecParser {

    /** supervisord's TCP socket form. */
    private static final Pattern TCP = Pattern.compile("tcp://([^\\s:]+):(\\d+)");

    private final UserDatabase users;

    public ServiceSpecParser(UserDatabase users) {
        this.users = users;
    }

    /**
     * @param values   the service's keys, including {@code name} (and {@code group} when it has one)
     * @param warnings receives the keys that are accepted but not implemented
     * @throws ConfigException naming every key that is unknown or has a bad value
     */
    public ParsedService parse(KeyValues values, Warnings warnings) {
        checkKeys(values, warnings);
        LocatedValues v = new LocatedValues(values);
        if (!values.has("name")) {
            throw new ConfigException(values.origin(), "name", "missing: every service needs a name");
        }
        String name = v.get("name", null, Values::name);
        Credentials user = v.get("user", null, users::lookup);
        ServiceSpec.Builder b = ServiceSpec.builder(name, command(values, v))
                .group(v.get("group", name, Values::name))
                .type(v.get("type", ServiceType.LONGRUN,
                        t -> ServiceType.valueOf(Values.choice(t, "longrun", "oneshot").toUpperCase(Locale.ROOT))))
                .environment(v.get("environment", Map.of(), EnvironmentList::parse))
                .directory(v.get("directory", null, t -> Path.of(homeExpanded(t))))
                .user(user)
                .umask(v.get("umask", null, Values::octal))
                .priority(v.get("priority", 999, Values::integer))
                .autostart(v.get("autostart", true, Values::bool))
                .startSecs(v.get("startsecs", Duration.ofSeconds(1), Values::duration))
                .startRetries(v.get("startretries", 3, ServiceSpecParser::retries))
                .backoffInitial(v.get("backoff_initial", Duration.ofSeconds(1), Values::duration))
                .backoffMax(v.get("backoff_max", Duration.ofSeconds(30), Values::duration))
                .restart(restart(values, v))
                .exitCodes(v.get("exitcodes", Set.of(0), Values::exitCodes))
                .restartLimit(v.get("restart_limit", 10, Values::count))
                .restartWindow(v.get("restart_window", Duration.ofSeconds(60), Values::duration))
                .stopSignal(v.get("stopsignal", Signal.TERM, Values::signal))
                .stopWait(v.get("stopwaitsecs", Duration.ofSeconds(10), Values::duration))
                .dependsOn(v.get("depends_on", List.of(), ServiceSpecParser::dependencies))
                .ready(v.get("ready", null, ProbeParser::parse))
                .readyTimeout(v.get("ready_timeout", Duration.ofSeconds(60), Values::duration))
                .healthcheck(v.get("healthcheck", null, ProbeParser::parse))
                .healthInterval(v.get("healthcheck_interval", Duration.ofSeconds(10), Values::duration))
                .healthFailures(v.get("healthcheck_failures", 3, ServiceSpecParser::positive))
                .exitOnEnd(v.get("exit_on_end", false, Values::bool))
                .onFatal(v.get("on_fatal", FatalAction.IGNORE,
                        t -> FatalAction.valueOf(Values.choice(t, "ignore", "shutdown").toUpperCase(Locale.ROOT))))
                .events(v.get("events", List.of(), Values::eventTypes))
                .finish(v.get("finish", null, ServiceSpecParser::argv))
                .finishTimeout(v.get("finish_timeout", Duration.ofSeconds(5), Values::duration))
                .down(v.get("down", null, ServiceSpecParser::argv))
                .downTimeout(v.get("down_timeout", Duration.ofSeconds(10), Values::duration))
                .foreground(v.get("foreground", false, Values::bool))
                .dependsTimeout(v.get("depends_timeout", Duration.ZERO, Values::duration))
                .producerFor(v.get("producer_for", null, Values::name))
                .stdinPipe(v.get("stdin_pipe", false, Values::bool));

        boolean stopAsGroup = v.get("stopasgroup", false, Values::bool);
        boolean killAsGroup = v.get("killasgroup", stopAsGroup, Values::bool);
        if (stopAsGroup && !killAsGroup) {
            v.fail("killasgroup", "cannot be false when stopasgroup is true (stopasgroup implies killasgroup)");
        }
        b.stopAsGroup(stopAsGroup).killAsGroup(killAsGroup);

        boolean redirect = v.get("redirect_stderr", false, Values::bool);
        b.redirectStderr(redirect)
                .stdout(log(values, v, "stdout", warnings))
                .stderr(log(values, v, "stderr", warnings));
        if (redirect && values.has("stderr_logfile")) {
            warnings.add(values.location("stderr_logfile"), "stderr_logfile",
                    "ignored: redirect_stderr=true sends stderr where stdout goes");
        }

        b.socket(socket(values, v, user));
        if (values.has("events") && redirect) {
            v.fail("redirect_stderr", "not allowed in an event listener: its stdout carries the protocol");
        }
        v.throwIfFailed();
        ServiceSpec spec = b.build();
        if (spec.finish() != null && spec.type() != ServiceType.LONGRUN) {
            throw v.error("finish", "only for a longrun: a oneshot's end is its result (use down for what undoes it)");
        }
        if (spec.producerFor() != null && (spec.type() != ServiceType.LONGRUN || spec.producerFor().equals(name))) {
            throw v.error("producer_for", "a longrun's output goes to another longrun");
        }
        if (spec.stdinPipe() && spec.foreground()) {
            throw v.error("stdin_pipe", "not with foreground: its stdin is Capstan's own");
        }
        if (spec.stdinPipe() && spec.socket() != null) {
            throw v.error("stdin_pipe", "not for an [fcgi-program:x]: its stdin is the pool's socket");
        }
        if (spec.down() != null && spec.type() != ServiceType.ONESHOT) {
            throw v.error("down", "only for a oneshot: a longrun is stopped with stopsignal (use finish for what follows)");
        }
        warnAboutUnusableChecks(spec, values, warnings);
        if (!spec.events().isEmpty()) {
            warnings.add(values.location("events"), "events",
                    "event listeners do not receive events yet; " + name + " runs as a plain program");
        }
        return new ParsedService(spec, values);
    }

    /** Checks that are accepted but cannot do anything for this service. */
    private static void warnAboutUnusableChecks(ServiceSpec spec, KeyValues values, Warnings warnings) {
        Probe health = spec.healthcheck();
        if (health instanceof Probe.Notify || health instanceof Probe.LogMatch) {
            warnings.add(values.location("healthcheck"), "healthcheck=" + values.get("healthcheck").trim(),
                    "not a check Capstan can repeat (tcp, http or exec); it is ignored");
        }
        if (spec.ready() != null && spec.type() == ServiceType.ONESHOT) {
            warnings.add(values.location("ready"), "ready=" + values.get("ready").trim(),
                    "ignored for a oneshot: it is ready when it has exited");
        }
    }

    private static void checkKeys(KeyValues values, Warnings warnings) {
        List<ConfigException> unknown = new ArrayList<>();
        for (String key : values.keys()) {
            if (KeyCatalog.SUPERVISORD_SERVICE.contains(key) || KeyCatalog.CAPSTAN_SERVICE.contains(key)
                    || KeyCatalog.SOCKET.contains(key)) {
                continue;
            }
            IgnoredKey ignored = ignored(key);
            if (ignored != null) {
                ignored.warn(values, warnings);
            } else if (KeyCatalog.INI_PROGRAM_ONLY.contains(key)) {
                unknown.add(new ConfigException(values.location(key), key, "only allowed in an INI [program:x] section"));
            } else {
                unknown.add(new ConfigException(values.location(key), key,
                        KeySuggestion.unknown("key", key, KeyCatalog.serviceKeys())));
            }
        }
        if (!unknown.isEmpty()) {
            throw ConfigException.of(unknown);
        }
    }

    /** The supervisord key Capstan reads but ignores, or null. */
    static IgnoredKey ignored(String key) {
        for (IgnoredKey k : KeyCatalog.IGNORED_SERVICE) {
            if (k.key().equals(key)) {
                return k;
            }
        }
        return null;
    }

    /** The argv; when it does not split, the problem is noted and the other keys are still read. */
    private static List<String> command(KeyValues values, LocatedValues v) {
        if (!values.has("command")) {
            throw new ConfigException(values.origin(), "command", "missing: every service needs a command");
        }
        List<String> argv = v.get("command", List.of(), ShellWords::split);
        if (argv.isEmpty() && !v.failed("command")) {
            v.fail("command", "empty");
        }
        return argv;
    }

    /**
     * supervisord's {@code [fcgi-program:x]} socket, as it reads it: {@code tcp://HOST:PORT} (the
     * host lower-cased, the port 1-65535) or {@code unix:///ABSOLUTE/PATH}; {@code socket_backlog}
     * 1-65535, else the system's most; for a Unix socket only, {@code socket_mode} (default 0700)
     * and {@code socket_owner} {@code USER[:GROUP]} (a user alone keeps the group), by default the
     * service's user when it has one.
     */
    private SocketSpec socket(KeyValues values, LocatedValues v, Credentials user) {
        if (!values.has("socket")) {
            for (String key : List.of("socket_owner", "socket_mode", "socket_backlog")) {
                if (values.has(key)) {
                    v.fail(key, "only with socket =");
                }
            }
            return null;
        }
        int backlog = v.get("socket_backlog", 0, t -> {
            int n = Values.integer(t);
            if (n < 1 || n > 65535) {
                throw new IllegalArgumentException("must be from 1 to 65535");
            }
            return n;
        });
        String url = values.get("socket").trim();
        if (url.startsWith("unix://")) {
            String path = url.substring("unix://".length());
            if (!path.startsWith("/")) {
                v.fail("socket", "a Unix socket needs an absolute path (unix:///PATH)");
                return null;
            }
            int mode = v.get("socket_mode", 0700, Values::octal);
            int[] owner = v.get("socket_owner", user == null ? new int[] {-1, -1} : new int[] {user.uid(), user.gid()},
                    t -> t.contains(":") ? ids(users.lookup(t)) : new int[] {users.lookup(t).uid(), -1});
            return SocketSpec.unix(Path.of(path).normalize(), backlog, mode, owner[0], owner[1]);
        }
        for (String key : List.of("socket_owner", "socket_mode")) {
            if (values.has(key)) {
                v.fail(key, "only for a unix:// socket");
            }
        }
        Matcher tcp = TCP.matcher(url);
        if (!tcp.matches()) {
            v.fail("socket", "expected tcp://HOST:PORT or unix:///PATH");
            return null;
        }
        int port = Integer.parseInt(tcp.group(2).length() > 5 ? "0" : tcp.group(2));
        if (port < 1 || port > 65535) {
            v.fail("socket", "the port must be from 1 to 65535");
            return null;
        }
        return SocketSpec.tcp(tcp.group(1).toLowerCase(Locale.ROOT), port, backlog);
    }

    private static int[] ids(Credentials c) {
        return new int[] {c.uid(), c.gid()};
    }

    /** {@code restart = always | on-failure | unexpected | no} or supervisord's {@code autorestart = true | false | unexpected}. */
    private static RestartMode restart(KeyValues values, LocatedValues v) {
        if (values.has("restart") && values.has("autorestart")) {
            v.fail("restart", "conflicts with autorestart; set one of them");
            return RestartMode.UNEXPECTED;
        }
        if (values.has("restart")) {
            return v.get("restart", null, t -> switch (Values.choice(t, "always", "on-failure", "unexpected", "no")) {
                case "always" -> RestartMode.ALWAYS;
                case "no" -> RestartMode.NEVER;
                default -> RestartMode.UNEXPECTED;
            });
        }
        return v.get("autorestart", RestartMode.UNEXPECTED, t -> {
            if (t.trim().equalsIgnoreCase("unexpected")) {
                return RestartMode.UNEXPECTED;
            }
            try {
                return Values.bool(t) ? RestartMode.ALWAYS : RestartMode.NEVER;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("expected true, false or unexpected");
            }
        });
    }

    /**
     * Where {@code stdout} or {@code stderr} goes. Unset means the console (Capstan is a container
     * init: its own stdout is the container's log), where supervisord would use AUTO.
     */
    private static LogSpec log(KeyValues values, LocatedValues v, String stream, Warnings warnings) {
        long maxBytes = v.get(stream + "_logfile_maxbytes", LogSpec.DEFAULT_MAX_BYTES, Values::byteSize);
        int backups = v.get(stream + "_logfile_backups", LogSpec.DEFAULT_BACKUPS, Values::count);
        String key = stream + "_logfile";
        String file = values.get(key);
        if (file == null) {
            return new LogSpec(LogSpec.Target.CONSOLE, null, maxBytes, backups);
        }
        String t = file.trim();
        switch (t.toLowerCase(Locale.ROOT)) {
            case "":
                v.fail(key, "empty (write NONE to discard the output)");
                return new LogSpec(LogSpec.Target.CONSOLE, null, maxBytes, backups);
            case "auto":
                return new LogSpec(LogSpec.Target.AUTO, null, maxBytes, backups);
            case "none":
            case "off":
                return new LogSpec(LogSpec.Target.NONE, null, maxBytes, backups);
            case "syslog":
                warnings.add(values.location(key), key + "=" + t, "Capstan does not write to syslog; output goes to the console");
                return new LogSpec(LogSpec.Target.CONSOLE, null, maxBytes, backups);
            case "/dev/stdout":
            case "/dev/fd/1":
            case "/dev/stderr":
            case "/dev/fd/2":
                return new LogSpec(LogSpec.Target.CONSOLE, null, maxBytes, backups);
            default:
                return new LogSpec(LogSpec.Target.FILE, v.parse(key, t, f -> Path.of(homeExpanded(f))), maxBytes, backups);
        }
    }

    /** {@code startretries}: a count, or {@code unlimited} (s6's way: never FATAL from failed starts). */
    private static int retries(String text) {
        return text.trim().equalsIgnoreCase("unlimited") ? Integer.MAX_VALUE : Values.count(text);
    }

    private static List<String> argv(String text) {
        List<String> argv = ShellWords.split(text);
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty");
        }
        return argv;
    }

    private static List<Dependency> dependencies(String text) {
        List<Dependency> deps = new ArrayList<>();
        for (String item : Values.list(text)) {
            deps.add(Dependency.parse(item));
        }
        return deps;
    }

    private static int positive(String text) {
        int n = Values.integer(text);
        if (n < 1) {
            throw new IllegalArgumentException("must be 1 or more");
        }
        return n;
    }

    /** {@code ~/x} as supervisord's normalize_path expands it. */
    private static String homeExpanded(String path) {
        String p = path.trim();
        if (p.equals("~") || p.startsWith("~/")) {
            return System.getProperty("user.home") + p.substring(1);
        }
        return p;
    }
}
