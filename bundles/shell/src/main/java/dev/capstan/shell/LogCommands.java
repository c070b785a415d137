package dev.capstan.shell;

import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceStatus;
import dev.capstan.api.StreamName;
import dev.capstan.api.Supervisor;
import dev.capstan.api.SupervisorException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.annotations.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;

/** {@code tail}, {@code maintail} and {@code clear}: services' output and Capstan's own log. */
@GogoCommand(scope = "capstan", function = {"tail", "maintail", "clear"})
@Component(service = LogCommands.class, configurationPolicy = ConfigurationPolicy.IGNORE)
public final class LogCommands {
    /** supervisorctl's default tail length, in bytes. */
    static final int DEFAULT_BYTES = 1600;

    private final Supervisor supervisor;
    private final ServiceLogs logs;

    @Activate
    public LogCommands(@Reference Supervisor supervisor, @Reference ServiceLogs logs) {
        this.supervisor = supervisor;
        this.logs = logs;
    }

    /**
     * {@code tail [-f] [-N] name [stdout|stderr]}: the last N bytes (1600), and with -f everything
     * that follows until the command is interrupted (the client disconnects).
     */
    public void tail(String... args) throws Exception {
        Output out = Output.current();
        Modifiers mod = Modifiers.parse(args, out);
        if (mod == null) {
            return;
        }
        List<String> rest = mod.rest();
        if (rest.isEmpty() || rest.size() > 2) {
            usage(out, rest.isEmpty() ? "Error: too few arguments" : "Error: too many arguments");
            return;
        }
        StreamName stream = rest.size() == 1 ? StreamName.STDOUT : stream(rest.get(1));
        if (stream == null) {
            usage(out, "Error: bad channel '" + rest.get(1).toLowerCase(Locale.ROOT) + "'");
            return;
        }
        String typed = rest.get(0);
        // The logs key services by process name; accept group:name as well.
        String name = Services.one(supervisor, typed).map(ServiceStatus::name).orElse(typed);
        try {
            if (!mod.follow()) {
                out.text(logs.tail(name, stream, mod.bytes()));
                return;
            }
            LogFollower follower = new LogFollower();
            try (AutoCloseable handle = logs.follow(name, stream, follower)) {
                out.println("==> Press Ctrl-C to exit <==");
                follower.pump(out, () -> logs.tail(name, stream, mod.bytes()));
            }
        } catch (SupervisorException e) {
            out.println(typed + ": ERROR (" + logError(e) + ")");
            out.exit(ExitCode.GENERIC);
        }
    }

    /** {@code maintail [-f|-N]}: Capstan's own log. */
    public void maintail(String... args) throws Exception {
        Output out = Output.current();
        Modifiers mod = Modifiers.parse(args, out);
        if (mod == null) {
            return;
        }
        if (!mod.rest().isEmpty()) {
            usage(out, "Error: too many arguments");
            return;
        }
        try {
            if (!mod.follow()) {
                out.text(logs.mainTail(mod.bytes()));
                return;
            }
            LogFollower follower = new LogFollower();
            try (AutoCloseable handle = logs.followMain(follower)) {
                out.println("==> Press Ctrl-C to exit <==");
                follower.pump(out, () -> logs.mainTail(mod.bytes()));
            }
        } catch (SupervisorException e) {
            out.println("capstan: ERROR (" + logError(e) + ")");
            out.exit(ExitCode.GENERIC);
        }
    }

    /** {@code clear name|group:*|all ...}: truncates services' log files. */
    public void clear(String... names) {
        Output out = Output.current();
        if (names.length == 0) {
            usage(out, "Error: clear requires a process name");
            return;
        }
        for (ServiceStatus s : Services.targets(Services.sorted(supervisor), names, x -> true, out)) {
            // Unknown names were answered by targets(); a service that never wrote has nothing to clear.
            try {
                logs.clear(s.name());
                out.println(s.fullName() + ": cleared");
            } catch (RuntimeException e) {
                out.println(s.fullName() + ": ERROR (failed)");
                out.exit(ExitCode.GENERIC);
            }
        }
    }

    private static StreamName stream(String channel) {
        return switch (channel.toLowerCase(Locale.ROOT)) {
            case "stdout" -> StreamName.STDOUT;
            case "stderr" -> StreamName.STDERR;
            default -> null;
        };
    }

    private static String logError(SupervisorException e) {
        return switch (e.fault()) {
            case BAD_NAME -> "no such process name";
            case NO_FILE -> "no log file";
            default -> "unknown error reading log";
        };
    }

    /** One line, as every misuse gets; {@code help <command>} has the rest. */
    private static void usage(Output out, String error) {
        out.println(error);
        out.exit(ExitCode.INVALID_ARGS);
    }

    /** The leading {@code -f} and {@code -N} of tail and maintail, and the words after them. */
    private record Modifiers(boolean follow, int bytes, List<String> rest) {

        /** @return null after reporting a bad modifier */
        static Modifiers parse(String[] args, Output out) {
            boolean follow = false;
            int bytes = DEFAULT_BYTES;
            int i = 0;
            for (; i < args.length && args[i].startsWith("-"); i++) {
                String what = args[i].substring(1);
                if (what.equals("f")) {
                    follow = true;
                    continue;
                }
                try {
                    bytes = Integer.parseInt(what);
                } catch (NumberFormatException e) {
                    bytes = -1;
                }
                if (bytes < 0) {
                    usage(out, "Error: bad argument " + args[i]);
                    return null;
                }
            }
            return new Modifiers(follow, bytes, new ArrayList<>(List.of(args).subList(i, args.length)));
        }
    }
}
