package dev.capstan.config.s6;

import dev.capstan.api.Dependency.Condition;
import dev.capstan.config.s6.Definition.Source;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ConfigLimits;
import dev.capstan.config.spec.EnvironmentList;
import dev.capstan.config.spec.Host;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.MainCommand;
import dev.capstan.config.spec.ParsedConfigFile;
import dev.capstan.config.spec.ParsedService;
import dev.capstan.config.spec.ServiceGraph;
import dev.capstan.config.spec.ServiceSpecParser;
import dev.capstan.config.spec.Warnings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an s6-overlay tree ({@link S6Layout}) into the services the other readers make: every
 * s6-rc longrun and oneshot, every services.d directory (and its {@code log/}), every cont-init.d
 * and cont-finish.d script becomes one service, bundles become the dependencies and autostarts
 * they stand for. The tree is read whole; every problem is reported at once ({@link TreeProblems}),
 * and nothing is published then.
 */
public final class S6TreeReader {

    /** The oneshot that syncs the file systems at the end of the shutdown (S6_SYNC_DISKS). */
    static final String SYNC_DISKS = "sync-disks";

    private final Host host;
    private final ServiceSpecParser parser;

    public S6TreeReader(Host host) {
        this.host = host;
        this.parser = new ServiceSpecParser(host.users());
    }

    /** @throws ConfigException naming the file (and line) of each problem */
    public ParsedConfigFile read(Path given) {
        return read(given, List.of());
    }

    /**
     * @param cmd the container's CMD, empty for none: it becomes the service {@link MainCommand#NAME},
     *            started as s6-overlay's rc.init starts it, after {@code s6-rc -u change top}
     * @throws ConfigException naming the file (and line) of each problem
     */
    public ParsedConfigFile read(Path given, List<String> cmd) {
        Warnings warnings = new Warnings();
        S6Knobs knobs = S6Knobs.of(host.environment(), warnings);
        S6Layout layout = S6Layout.of(given, host.environment(), warnings);
        TreeProblems problems = new TreeProblems();
        TreeFiles files = new TreeFiles(problems);
        DefinitionReader reader = new DefinitionReader(files, problems, warnings);

        List<Definition> s6rc = new ArrayList<>();
        for (Path dir : layout.sourceDirs()) {
            s6rc.addAll(reader.sources(dir));
        }
        List<Definition> contInit = reader.scripts(layout.contInit(), Source.CONT_INIT);
        List<Definition> services = reader.services(layout.services());
        List<Definition> contFinish = reader.scripts(layout.contFinish(), Source.CONT_FINISH);
        List<Path> path = searchPath();
        ScriptCommand scripts = new ScriptCommand(files, path);
        if (knobs.syncDisks()) {
            syncDisks(scripts, contFinish, warnings);
        }
        if (!files.entries(layout.fixAttrs()).isEmpty()) {
            warnings.add(Location.of(layout.fixAttrs().toString()), "fix-attrs.d",
                    "not implemented by Capstan, ignored (deprecated by s6-overlay; set owners and modes in the image)");
        }
        S6Graph graph = S6Graph.resolve(s6rc, contInit, services, contFinish,
                knobs.cmdWaitsForServices() ? Condition.READY : Condition.RUNNING, problems);

        try {
            new ConfigLimits().addServices(graph.atomics().size(), Location.of(given.toString()), null);
        } catch (ConfigLimits.Exceeded e) {
            problems.add(e);
            problems.throwIfAny();
        }
        ServiceKeys keys = new ServiceKeys(knobs, scripts, scripts.resolve("execlineb"), environment(), problems);
        List<ParsedService> parsed = new ArrayList<>();
        for (Definition d : graph.atomics()) {
            if (d.start == null) {
                continue; // its missing run or up is a problem already
            }
            int before = problems.size();
            KeyValues values = keys.of(d, graph, contFinish.indexOf(d), contFinish.size());
            if (problems.size() > before) {
                continue; // a script that cannot run: said once, not again as a missing command
            }
            try {
                parsed.add(parser.parse(values, warnings));
            } catch (ConfigException e) {
                problems.add(e);
            }
        }
        problems.throwIfAny();
        if (!cmd.isEmpty()) {
            parsed.add(parser.parse(mainCommand(cmd, knobs, graph, parsed), warnings));
        }
        Map<String, Object> supervisor = new LinkedHashMap<>();
        supervisor.put("shutdown_timeout_ms", shutdownTimeout(knobs, contFinish.size()).toMillis());
        return new ParsedConfigFile(ServiceGraph.startOrder(parsed), supervisor, null, warnings);
    }

    /**
     * rc.init's CMD: S6_CMD_ARG0's words before it; after what {@code top} starts (services.d
     * only with S6_CMD_WAIT_FOR_SERVICES), for at most S6_CMD_WAIT_FOR_SERVICES_MAXTIME, then it
     * runs anyway, or with S6_BEHAVIOUR_IF_STAGE2_FAILS=2 the container stops with s6-rc's 2.
     */
    private KeyValues mainCommand(List<String> cmd, S6Knobs knobs, S6Graph graph, List<ParsedService> parsed) {
        List<String> argv = new ArrayList<>();
        for (String word : knobs.cmdArg0().split("[ \t\n]+")) {
            if (!word.isEmpty()) {
                argv.add(word);
            }
        }
        argv.addAll(cmd);
        List<ParsedService> waitFor = new ArrayList<>();
        for (ParsedService s : parsed) {
            Definition d = graph.definition(s.spec().name());
            boolean legacy = d.source == Source.SERVICES_D || d.source == Source.LOGGER;
            if (graph.startsAtBoot(d) && d.source != Source.CONT_FINISH && (!legacy || knobs.cmdWaitsForServices())) {
                waitFor.add(s);
            }
        }
        KeyValues v = MainCommand.keyValues(argv, waitFor);
        v.put("environment", EnvironmentList.format(environment()), MainCommand.ORIGIN);
        if (!knobs.cmdWaitMaxTime().isZero()) {
            v.put("depends_timeout", ServiceKeys.millis(knobs.cmdWaitMaxTime().toMillis()), MainCommand.ORIGIN);
        }
        if (knobs.stage2Fails() >= 2) {
            v.put("on_fatal", "shutdown", MainCommand.ORIGIN);
        }
        return v;
    }

    /**
     * S6_SYNC_DISKS: s6-linux-init syncs the file systems at the very end of the shutdown. Here a
     * last cont-finish oneshot, {@value #SYNC_DISKS}, whose down is {@code sync}.
     */
    private static void syncDisks(ScriptCommand scripts, List<Definition> contFinish, Warnings warnings) {
        String sync = scripts.resolve("sync");
        if (sync == null) {
            warnings.add(S6Knobs.ENVIRONMENT, "S6_SYNC_DISKS", "there is no sync on PATH; file systems are not synced");
            return;
        }
        Definition d = new Definition(SYNC_DISKS, Definition.Kind.ONESHOT, Source.CONT_FINISH, Path.of(sync));
        d.start = Path.of(sync);
        contFinish.add(d);
    }

    /**
     * s6-overlay's shutdown, all of it: services get S6_SERVICES_GRACETIME to stop, each
     * cont-finish.d script up to S6_KILL_FINISH_MAXTIME, then what is left S6_KILL_GRACETIME
     * before SIGKILL.
     */
    static Duration shutdownTimeout(S6Knobs knobs, int contFinishScripts) {
        Duration finish = knobs.finishMaxTime().isZero() ? Duration.ofSeconds(5) : knobs.finishMaxTime();
        return knobs.servicesGrace().plus(knobs.killGrace()).plus(finish.multipliedBy(contFinishScripts));
    }

    /** PATH as s6-overlay's /init makes it: /command, /usr/bin and /bin are on it, first when they were not. */
    private Map<String, String> environment() {
        return Map.of("PATH", String.join(":", pathEntries()));
    }

    private List<String> pathEntries() {
        String current = host.environment().get("PATH");
        List<String> dirs = new ArrayList<>(List.of((current == null || current.isEmpty() ? "/bin" : current).split(":")));
        for (String dir : List.of("/bin", "/usr/bin", "/command")) {
            if (!dirs.contains(dir)) {
                dirs.add(0, dir);
            }
        }
        return dirs;
    }

    /** Where a script's interpreter is looked for when it is not where its #! says. */
    private List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        for (String dir : pathEntries()) {
            if (!dir.isEmpty() && Files.isDirectory(Path.of(dir))) {
                dirs.add(Path.of(dir));
            }
        }
        return dirs;
    }
}
