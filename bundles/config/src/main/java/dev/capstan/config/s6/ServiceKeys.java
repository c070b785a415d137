package dev.capstan.config.s6;

import dev.capstan.api.Dependency;
import dev.capstan.config.s6.Definition.Kind;
import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.EnvironmentList;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.ShellWords;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What each s6 file becomes: the key/values, in INI key names, of the service a definition is.
 * They go through the one parser like an INI section's, so a tree's service is exactly the
 * ServiceSpec that key/values in a capstan.conf would give (docs/s6-overlay-migration.md has
 * the table).
 */
final class ServiceKeys {

    /** Priorities of the cont-finish.d oneshots: below everything else, so they stop last, in name order. */
    static final int CONT_FINISH_PRIORITY = -20_000;

    private final S6Knobs knobs;
    private final ScriptCommand scripts;
    private final String execlineb;
    private final Map<String, String> environment;
    private final TreeProblems problems;

    /**
     * @param execlineb   where execlineb is, to run oneshots' up and down; null when it is not installed
     * @param environment what every service of the tree adds to Capstan's environment (PATH as /init sets it)
     */
    ServiceKeys(S6Knobs knobs, ScriptCommand scripts, String execlineb, Map<String, String> environment,
            TreeProblems problems) {
        this.knobs = knobs;
        this.scripts = scripts;
        this.execlineb = execlineb;
        this.environment = environment;
        this.problems = problems;
    }

    KeyValues of(Definition d, S6Graph graph, int contFinishIndex, int contFinishCount) {
        KeyValues v = new KeyValues(d.where());
        Location at = d.where();
        v.put("name", d.name, at);
        v.put("autostart", Boolean.toString(graph.startsAtBoot(d)), at);
        if (!environment.isEmpty()) {
            v.put("environment", EnvironmentList.format(environment), at);
        }
        List<String> dependsOn = new ArrayList<>();
        for (S6Graph.Edge e : graph.edges(d)) {
            String item = new Dependency(e.to().name, e.condition()).toString();
            if (!dependsOn.contains(item)) {
                dependsOn.add(item);
            }
        }
        if (!dependsOn.isEmpty()) {
            v.put("depends_on", String.join(", ", dependsOn), at);
        }
        switch (d.source) {
            case S6RC, SERVICES_D, LOGGER -> {
                if (d.kind == Kind.LONGRUN) {
                    longrun(d, v);
                } else {
                    oneshot(d, v);
                }
            }
            case CONT_INIT -> contInit(d, v);
            case CONT_FINISH -> contFinish(d, v, contFinishIndex, contFinishCount);
        }
        return v;
    }

    private void longrun(Definition d, KeyValues v) {
        Location at = d.where();
        v.put("type", "longrun", at);
        // s6-supervise runs ./run in the service directory, with the directory's name as argument.
        command(v, "command", d.start, List.of(d.path.getFileName().toString()), at);
        v.put("directory", d.path.toString(), at);
        // s6's supervision: restart whatever the exit, never give up, at most one spawn a second
        // while it does not stay up, no crash-loop breaker (finish exit 125 is s6's breaker).
        v.put("restart", "always", at);
        v.put("startretries", "unlimited", at);
        v.put("backoff_initial", "1", at);
        v.put("backoff_max", "1", at);
        v.put("restart_limit", "0", at);
        if (d.notificationFd != null) {
            v.put("ready", "notify:" + d.notificationFd, d.notificationFdAt);
            // s6-rc waits for readiness as long as timeout-up says, forever without one.
            v.put("ready_timeout", millis(d.timeoutUp == null ? 0 : d.timeoutUp), d.notificationFdAt);
        }
        if (d.downSignal != null) {
            v.put("stopsignal", d.downSignal, d.downSignalAt);
        }
        // timeout-kill when set; otherwise s6-overlay's wait for services to die at shutdown.
        Duration grace = d.timeoutKill != null && d.timeoutKill > 0 ? Duration.ofMillis(d.timeoutKill) : knobs.servicesGrace();
        v.put("stopwaitsecs", millis(grace.toMillis()), at);
        if (d.producerFor != null) {
            v.put("producer_for", d.producerFor.name(), d.producerFor.where());
        }
        if (d.killGroup) {
            v.put("killasgroup", "true", at);
        }
        if (d.finish != null) {
            command(v, "finish", d.finish, List.of(), Location.of(d.finish.toString()));
            v.put("finish_timeout", millis(d.timeoutFinish == null ? 5000 : d.timeoutFinish), at);
        }
    }

    /** An s6-rc oneshot: {@code up} and {@code down} are one execline command line each, run by execlineb. */
    private void oneshot(Definition d, KeyValues v) {
        Location at = d.where();
        v.put("type", "oneshot", at);
        execline(v, "command", d.start);
        if (d.down != null) {
            execline(v, "down", d.down);
            if (d.timeoutDown != null && d.timeoutDown > 0) {
                v.put("down_timeout", millis(d.timeoutDown), at);
            }
        }
        // s6-rc runs a oneshot once per transition: a failure fails the transition, no retry.
        v.put("startretries", "0", at);
        stage2Failure(v, at);
    }

    /** A cont-init.d script: run once, in name order, and a failure only matters as S6_BEHAVIOUR_IF_STAGE2_FAILS says. */
    private void contInit(Definition d, KeyValues v) {
        Location at = d.where();
        v.put("type", "oneshot", at);
        command(v, "command", d.start, List.of(), at);
        v.put("startretries", "0", at);
        if (knobs.stage2Fails() < 2) {
            v.put("exitcodes", "0-255", at); // s6-overlay goes on to the next script whatever the exit
        }
        stage2Failure(v, at);
    }

    /**
     * A cont-finish.d script: the {@code down} of a oneshot that does nothing at boot, stopped
     * after every other service, one script at a time in name order, each for at most
     * S6_KILL_FINISH_MAXTIME.
     */
    private void contFinish(Definition d, KeyValues v, int index, int count) {
        Location at = d.where();
        v.put("type", "oneshot", at);
        String truth = scripts.resolve("true");
        v.put("command", truth == null ? "true" : truth, at);
        command(v, "down", d.start, List.of(), at);
        v.put("down_timeout", millis(knobs.finishMaxTime().toMillis()), at);
        v.put("priority", Integer.toString(CONT_FINISH_PRIORITY + (count - 1 - index)), at);
    }

    private void stage2Failure(KeyValues v, Location at) {
        if (knobs.stage2Fails() >= 2) {
            v.put("on_fatal", "shutdown", at);
        }
    }

    private void command(KeyValues v, String key, Path script, List<String> args, Location at) {
        if (script == null) {
            return; // missing: already a problem
        }
        List<String> argv = scripts.argv(script, args, problems);
        if (argv != null) {
            v.put(key, ShellWords.join(argv), at);
        }
    }

    private void execline(KeyValues v, String key, Path file) {
        if (file == null) {
            return;
        }
        if (execlineb == null) {
            problems.add(new ConfigException(Location.of(file.toString()), file.getFileName().toString(),
                    "execlineb is not on PATH: install execline (Debian: apt-get install execline), which runs s6-rc's up and down"));
            return;
        }
        v.put(key, ShellWords.join(List.of(execlineb, "-P", file.toString())), Location.of(file.toString()));
    }

    static String millis(long ms) {
        return BigDecimal.valueOf(ms, 3).stripTrailingZeros().toPlainString();
    }
}
