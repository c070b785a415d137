package dev.capstan.config.spec;

import dev.capstan.api.Dependency;
import java.util.ArrayList;
import java.util.List;

/**
 * The container's CMD ({@code capstan -- CMD ARG...}) as one more service of the configuration,
 * named {@value #NAME}: it runs in the foreground (Capstan's terminal, its output as it is), once
 * every service that starts with Capstan has got there or given up, and its exit ends Capstan
 * with its exit code, as s6-overlay's {@code /init CMD} does. It never restarts.
 */
public final class MainCommand {

    public static final String NAME = "cmd";
    /** Where its keys come from, as status shows it. */
    public static final Location ORIGIN = Location.of("the command line (capstan -- CMD)");

    private MainCommand() {
    }

    /**
     * @param argv    the command and its arguments
     * @param waitFor the services it waits for; each until it is settled (docs/configuration.md)
     */
    public static KeyValues keyValues(List<String> argv, List<ParsedService> waitFor) {
        KeyValues v = new KeyValues(ORIGIN);
        v.put("name", NAME, ORIGIN);
        v.put("command", ShellWords.join(argv), ORIGIN);
        v.put("foreground", "true", ORIGIN);
        v.put("exit_on_end", "true", ORIGIN);
        v.put("restart", "no", ORIGIN);
        v.put("startsecs", "0", ORIGIN);
        v.put("startretries", "0", ORIGIN);
        List<String> deps = new ArrayList<>();
        for (ParsedService s : waitFor) {
            deps.add(new Dependency(s.spec().name(), Dependency.Condition.SETTLED).toString());
        }
        if (!deps.isEmpty()) {
            v.put("depends_on", String.join(", ", deps), ORIGIN);
        }
        return v;
    }

    /** What starts with Capstan: the services a CMD waits for unless the reader knows better. */
    public static List<ParsedService> autostarted(List<ParsedService> services) {
        List<ParsedService> autostarted = new ArrayList<>();
        for (ParsedService s : services) {
            if (s.spec().autostart() && !s.spec().name().equals(NAME)) {
                autostarted.add(s);
            }
        }
        return autostarted;
    }

    /** The configuration with the CMD added, in start order. */
    public static ParsedConfigFile with(ParsedConfigFile config, ParsedService cmd) {
        List<ParsedService> services = new ArrayList<>(config.services());
        services.add(cmd);
        return new ParsedConfigFile(ServiceGraph.startOrder(services), config.supervisor(), config.control(),
                config.inet(), config.etcd(), config.warnings());
    }
}
