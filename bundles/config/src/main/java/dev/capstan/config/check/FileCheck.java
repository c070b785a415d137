package dev.capstan.config.check;

import dev.capstan.api.LogSpec;
import dev.capstan.api.RestartMode;
import dev.capstan.api.ServiceSpec;
import dev.capstan.config.ConfigFileReader;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.container.ConfigCheck;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The config bundle's {@link ConfigCheck}: {@link ConfigFileReader}, the reader the bundle runs
 * at boot and on reload, on the host Capstan would run on (its environment, node name, users).
 * Warnings go to {@code err} as {@code warning: file:line: key: message}, errors as
 * {@code error: ...}, all of them. With {@code json}, {@code out} gets one object: the file,
 * whether it would boot, the warnings, the errors, and each service in start order with what it
 * resolved to.
 */
public final class FileCheck implements ConfigCheck {

    @Override
    public int check(Path file, boolean json, PrintStream out, PrintStream err) {
        ParsedConfigFile config = null;
        List<String> errors = List.of();
        try {
            config = new ConfigFileReader(Host.current()).read(file);
        } catch (ConfigException e) {
            errors = e.problems().stream().map(ConfigException::getMessage).toList();
        }
        List<String> warnings = config == null ? List.of() : config.warnings().messages();
        warnings.forEach(w -> err.println("warning: " + w));
        errors.forEach(e -> err.println("error: " + e));
        if (json) {
            out.println(json(file, config, warnings, errors));
        } else if (config != null) {
            out.println(file + ": would boot: " + count(config.services().size(), "service") + ", "
                    + count(warnings.size(), "warning"));
        } else {
            out.println(file + ": would not boot: " + count(errors.size(), "error"));
        }
        return config != null ? 0 : 2;
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String json(Path file, ParsedConfigFile config, List<String> warnings, List<String> errors) {
        Json j = new Json().open('{')
                .key("file").value(file.toString())
                .key("boots").value(config != null)
                .key("warnings").strings(warnings)
                .key("errors").strings(errors)
                .key("services").open('[');
        if (config != null) {
            config.services().forEach(s -> service(j, s));
        }
        return j.close(']').close('}').toString();
    }

    private static void service(Json j, ParsedService parsed) {
        ServiceSpec s = parsed.spec();
        j.open('{')
                .key("name").value(s.name())
                .key("group").value(s.group())
                .key("fullname").value(s.fullName())
                .key("origin").value(parsed.origin())
                .key("type").value(s.type().name().toLowerCase(Locale.ROOT))
                .key("command").strings(s.command())
                .key("priority").value(s.priority())
                .key("autostart").value(s.autostart())
                .key("autorestart").value(autorestart(s.restart()))
                .key("exitcodes").numbers(s.exitCodes().stream().sorted().toList())
                .key("user").value(s.user() == null ? null : s.user().name())
                .key("uid").value(s.user() == null ? null : s.user().uid())
                .key("gid").value(s.user() == null ? null : s.user().gid())
                .key("directory").value(s.directory() == null ? null : s.directory().toString())
                .key("umask").value(s.umask() == null ? null : String.format("%03o", s.umask()))
                .key("environment").map(s.environment())
                .key("stopsignal").value(s.stopSignal().name())
                .key("stopasgroup").value(s.stopAsGroup())
                .key("killasgroup").value(s.killAsGroup())
                .key("startsecs").seconds(s.startSecs())
                .key("startretries").value(s.startRetries())
                .key("stopwaitsecs").seconds(s.stopWait())
                .key("depends_on").strings(s.dependsOn().stream().map(Object::toString).toList())
                .key("ready").value(s.ready() == null ? null : s.ready().toString())
                .key("ready_timeout").seconds(s.readyTimeout())
                .key("healthcheck").value(s.healthcheck() == null ? null : s.healthcheck().toString())
                .key("redirect_stderr").value(s.redirectStderr())
                .key("stdout").log(s.stdout())
                .key("stderr").log(s.redirectStderr() ? null : s.stderr())
                .key("events").strings(s.events())
                .close('}');
    }

    /** supervisord's words for the restart policy. */
    private static String autorestart(RestartMode mode) {
        return switch (mode) {
            case ALWAYS -> "true";
            case NEVER -> "false";
            case UNEXPECTED -> "unexpected";
        };
    }

    /** A JSON writer for this one document: commas between members and elements, strings escaped. */
    private static final class Json {
        private final StringBuilder b = new StringBuilder();
        private boolean first = true;

        Json open(char c) {
            separate();
            b.append(c);
            first = true;
            return this;
        }

        Json close(char c) {
            b.append(c);
            first = false;
            return this;
        }

        Json key(String key) {
            separate();
            string(key);
            b.append(':');
            first = true; // the value follows without a comma
            return this;
        }

        Json value(String v) {
            separate();
            if (v == null) {
                b.append("null");
            } else {
                string(v);
            }
            return this;
        }

        Json value(boolean v) {
            separate();
            b.append(v);
            return this;
        }

        Json value(Number v) {
            separate();
            b.append(v == null ? "null" : v.toString());
            return this;
        }

        Json seconds(Duration d) {
            separate();
            b.append(BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString());
            return this;
        }

        Json strings(List<String> items) {
            open('[');
            items.forEach(this::value);
            return close(']');
        }

        Json numbers(List<? extends Number> items) {
            open('[');
            items.forEach(this::value);
            return close(']');
        }

        Json map(Map<String, String> map) {
            open('{');
            map.forEach((k, v) -> key(k).value(v));
            return close('}');
        }

        Json log(LogSpec log) {
            if (log == null) {
                return value((String) null);
            }
            open('{').key("target").value(log.target().name().toLowerCase(Locale.ROOT))
                    .key("file").value(log.file() == null ? null : log.file().toString());
            if (log.target() == LogSpec.Target.FILE || log.target() == LogSpec.Target.AUTO) {
                key("maxbytes").value(log.maxBytes()).key("backups").value(log.backups());
            }
            return close('}');
        }

        private void separate() {
            if (!first) {
                b.append(',');
            }
            first = false;
        }

        private void string(String s) {
            b.append('"');
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            b.append(String.format("\\u%04x", (int) c));
                        } else {
                            b.append(c);
                        }
                    }
                }
            }
            b.append('"');
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }
}
