package dev.capstan.config.spec;

import dev.capstan.api.Dependency;
import dev.capstan.api.FatalAction;
import dev.capstan.api.LogSpec;
import dev.capstan.api.Probe;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.ServiceType;
import dev.capstan.process.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The one validating parser: a service's key/values, in INI key names, to a {@link ServiceSpec}.
 * The INI, YAML and OSGi configuration readers all end here, so a key means the same and fails
 * the same way whatever file it came from. Values arrive already expanded ({@code %(...)s} is the
 * INI reader's business).
 */
public final class ServiceSpecParser {

    private final UserDatabase users;

    public ServiceSpecParser(UserDatabase users) {
        this.users = users;
    }

    /**
     * @param values   the service's keys, including {@code name} (and {@code group} when it has one)
     * @param warnings receives the keys that are accepted but not implemented
     * @throws ConfigException at the first key that is unknown or has a bad value
     */
    public ParsedService parse(KeyValues values, Warnings warnings) {
        checkKeys(values, warnings);
        LocatedValues v = new LocatedValues(values);
        if (!values.has("name")) {
            throw new ConfigException(values.origin(), "name", "missing: every service needs a name");
        }
        String name = v.get("name", null, Values::name);
        ServiceSpec.Builder b = ServiceSpec.builder(name, command(values, v))
                .group(v.get("group", name, Values::name))
                .type(v.get("type", ServiceType.LONGRUN,
                        t -> ServiceType.valueOf(Values.choice(t, "longrun", "oneshot").toUpperCase(Locale.ROOT))))
                .environment(v.get("environment", Map.of(), EnvironmentList::parse))
                .directory(v.get("directory", null, t -> Path.of(homeExpanded(t))))
                .user(v.get("user", null, users::lookup))
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
                .events(v.get("events", List.of(), Values::list))
                .finish(v.get("finish", null, ServiceSpecParser::argv))
                .finishTimeout(v.get("finish_timeout", Duration.ofSeconds(5), Values::duration))
                .down(v.get("down", null, ServiceSpecParser::argv))
                .downTimeout(v.get("down_timeout", Duration.ofSeconds(10), Values::duration))
                .foreground(v.get("foreground", false, Values::bool))
                .dependsTimeout(v.get("depends_timeout", Duration.ZERO, Values::duration))
                .producerFor(v.get("producer_for", null, Values::name));

        boolean stopAsGroup = v.get("stopasgroup", false, Values::bool);
        boolean killAsGroup = v.get("killasgroup", stopAsGroup, Values::bool);
        if (stopAsGroup && !killAsGroup) {
            throw v.error("killasgroup", "cannot be false when stopasgroup is true (stopasgroup implies killasgroup)");
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

        ServiceSpec spec = b.build();
        if (spec.finish() != null && spec.type() != ServiceType.LONGRUN) {
            throw v.error("finish", "only for a longrun: a oneshot's end is its result (use down for what undoes it)");
        }
        if (spec.producerFor() != null && (spec.type() != ServiceType.LONGRUN || spec.producerFor().equals(name))) {
            throw v.error("producer_for", "a longrun's output goes to another longrun");
        }
        if (spec.down() != null && spec.type() != ServiceType.ONESHOT) {
            throw v.error("down", "only for a oneshot: a longrun is stopped with stopsignal (use finish for what follows)");
        }
        warnAboutUnusableChecks(spec, values, warnings);
        if (!spec.events().isEmpty()) {
            if (redirect) {
                throw v.error("redirect_stderr", "not allowed in an event listener: its stdout carries the protocol");
            }
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
        for (String key : values.keys()) {
            if (KeyCatalog.SUPERVISORD_SERVICE.contains(key) || KeyCatalog.CAPSTAN_SERVICE.contains(key)) {
                continue;
            }
            IgnoredKey ignored = ignored(key);
            if (ignored != null) {
                ignored.warn(values, warnings);
            } else if (KeyCatalog.INI_PROGRAM_ONLY.contains(key)) {
                throw new ConfigException(values.location(key), key, "only allowed in an INI [program:x] section");
            } else {
                throw new ConfigException(values.location(key), key,
                        KeySuggestion.unknown("key", key, KeyCatalog.serviceKeys()));
            }
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

    private static List<String> command(KeyValues values, LocatedValues v) {
        if (!values.has("command")) {
            throw new ConfigException(values.origin(), "command", "missing: every service needs a command");
        }
        List<String> argv = v.get("command", null, ShellWords::split);
        if (argv.isEmpty()) {
            throw v.error("command", "empty");
        }
        return argv;
    }

    /** {@code restart = always | on-failure | unexpected | no} or supervisord's {@code autorestart = true | false | unexpected}. */
    private static RestartMode restart(KeyValues values, LocatedValues v) {
        if (values.has("restart") && values.has("autorestart")) {
            throw v.error("restart", "conflicts with autorestart; set one of them");
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
                throw v.error(key, "empty (write NONE to discard the output)");
            case "auto":
                return new LogSpec(LogSpec.Target.AUTO, null, maxBytes, backups);
            case "none":
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
