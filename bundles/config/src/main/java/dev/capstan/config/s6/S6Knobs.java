package dev.capstan.config.s6;

import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.Warnings;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The {@code S6_*} variables of the environment that change how a tree runs, with s6-overlay's
 * defaults. s6-overlay ignores a value that is not a decimal number and takes the default; so does
 * Capstan, with a warning.
 *
 * @param stage2Fails          {@code S6_BEHAVIOUR_IF_STAGE2_FAILS}: 0 continue, 1 warn, 2 stop the container
 * @param servicesGrace        {@code S6_SERVICES_GRACETIME}: how long services get to die at shutdown
 * @param killGrace            {@code S6_KILL_GRACETIME}: the last wait before SIGKILL to what is left
 * @param finishMaxTime        {@code S6_KILL_FINISH_MAXTIME}: each cont-finish.d script's limit (zero: none)
 * @param cmdWaitsForServices  {@code S6_CMD_WAIT_FOR_SERVICES}: the CMD waits for services.d to be ready
 * @param cmdWaitMaxTime       {@code S6_CMD_WAIT_FOR_SERVICES_MAXTIME}: how long the CMD waits (zero: forever)
 * @param keepEnv              {@code S6_KEEP_ENV}: services see the whole environment; with-contenv is a no-op
 * @param syncDisks            {@code S6_SYNC_DISKS}: sync the file systems at the end of the shutdown
 * @param cmdArg0              {@code S6_CMD_ARG0}: words put before the CMD
 */
record S6Knobs(int stage2Fails, Duration servicesGrace, Duration killGrace, Duration finishMaxTime,
        boolean cmdWaitsForServices, Duration cmdWaitMaxTime, boolean keepEnv, boolean syncDisks, String cmdArg0) {

    /** Where warnings about the environment point: there is no file. */
    static final Location ENVIRONMENT = Location.of("environment");

    /**
     * Variables s6-overlay reads that change nothing Capstan does, with why. (S6_VERBOSITY is the
     * launcher's; S6_READ_ONLY_ROOT needs nothing: Capstan writes only under /run.)
     */
    private static final List<String> NOT_IMPLEMENTED = List.of(
            "S6_CMD_RECEIVE_SIGNALS", "signals to Capstan stop the container; they are not passed to the CMD",
            "S6_CMD_USE_TERMINAL", "the CMD always has Capstan's terminal",
            "S6_FIX_ATTRS_HIDDEN", "fix-attrs.d is not read",
            "S6_LOGGING", "no catch-all logger; output goes to the console, or where a logger service sends it",
            "S6_RUNTIME_PROFILE", "no profiles; give the profile's directory with -c",
            "S6_STAGE2_HOOK", "no hook runs before the services; use a cont-init.d script");

    /** Reads them from {@code env}; a bad value is warned about and replaced by the default. */
    static S6Knobs of(Map<String, String> env, Warnings warnings) {
        for (int i = 0; i < NOT_IMPLEMENTED.size(); i += 2) {
            String name = NOT_IMPLEMENTED.get(i);
            String value = env.get(name);
            if (value != null && !value.isEmpty() && !value.equals("0")) {
                warnings.add(ENVIRONMENT, name + "=" + value,
                        "not implemented by Capstan, ignored (" + NOT_IMPLEMENTED.get(i + 1) + ")");
            }
        }
        return new S6Knobs(
                (int) Math.min(2, number(env, "S6_BEHAVIOUR_IF_STAGE2_FAILS", 0, warnings)),
                Duration.ofMillis(number(env, "S6_SERVICES_GRACETIME", 3000, warnings)),
                Duration.ofMillis(number(env, "S6_KILL_GRACETIME", 3000, warnings)),
                Duration.ofMillis(number(env, "S6_KILL_FINISH_MAXTIME", 5000, warnings)),
                number(env, "S6_CMD_WAIT_FOR_SERVICES", 0, warnings) != 0,
                Duration.ofMillis(number(env, "S6_CMD_WAIT_FOR_SERVICES_MAXTIME", 0, warnings)),
                number(env, "S6_KEEP_ENV", 0, warnings) != 0,
                number(env, "S6_SYNC_DISKS", 0, warnings) != 0,
                env.getOrDefault("S6_CMD_ARG0", ""));
    }

    /** s6-overlay's test: {@code eltest "$v" =~ '^[[:digit:]]+$'}, else the default. */
    private static long number(Map<String, String> env, String name, long fallback, Warnings warnings) {
        String value = env.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        if (!TreeValues.isDecimal(value, 12)) {
            warnings.add(ENVIRONMENT, name + "=" + value, "not a decimal number; s6-overlay's default " + fallback
                    + " applies");
            return fallback;
        }
        return Long.parseLong(value);
    }
}
