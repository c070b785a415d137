package dev.capstan.api;

import dev.capstan.process.Credentials;
import dev.capstan.process.Signal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * One service, as every configuration source describes it. Immutable and comparable with
 * {@code equals}: a reload restarts a service only when its spec changed.
 *
 * <p>Keys are named as in the INI format (supervisord's where it has one). Absent optional values
 * are {@code null}: {@code directory}, {@code user}, {@code umask}, {@code ready},
 * {@code healthcheck}.
 *
 * @param name           process name, unique ({@code worker_00}); shown as {@code group:name} when the group differs
 * @param group          group name; equal to {@code name} for a service in no group
 * @param type           longrun or oneshot
 * @param command        argv, already split; argv[0] is looked up in PATH
 * @param environment    what the service adds to Capstan's environment
 * @param directory      working directory
 * @param user           the user to run as, already looked up
 * @param umask          the child's umask
 * @param priority       lower starts first and stops last (default 999)
 * @param autostart      start when Capstan starts or when the service is added
 * @param startSecs      how long it must stay up for a start to count (STARTING to RUNNING)
 * @param startRetries   failed starts tolerated before FATAL
 * @param backoffInitial first delay after a failed start; doubles each time
 * @param backoffMax     cap of that delay
 * @param restart        when a service that ended after startsecs starts again
 * @param exitCodes      the expected exit codes
 * @param restartLimit   more restarts than this within restartWindow make it FATAL (crash-loop breaker)
 * @param restartWindow  the breaker's window
 * @param stopSignal     first signal sent to stop it
 * @param stopWait       grace period before SIGKILL
 * @param stopAsGroup    send stopSignal to its whole process group
 * @param killAsGroup    send SIGKILL to its whole process group
 * @param dependsOn      what must be true of other services before this one starts
 * @param ready          readiness check; null means ready once RUNNING
 * @param readyTimeout   a start that is not ready by then counts as failed
 * @param healthcheck    periodic check once ready; null for none
 * @param healthInterval time between health checks
 * @param healthFailures consecutive failures that make it restart
 * @param stdout         where its stdout goes
 * @param stderr         where its stderr goes (ignored with redirectStderr)
 * @param redirectStderr stderr goes to the same place as stdout
 * @param exitOnEnd      when it ends, Capstan shuts down and exits with its exit code
 * @param onFatal        what its going FATAL does to the container
 * @param events         supervisord event types it listens to; empty for a normal program
 * @param finish         argv run after each exit of a longrun, with the exit code (256 when a signal
 *                       killed it), the signal number (0) and the name as arguments, as s6's
 *                       {@code finish}; null for none
 * @param finishTimeout  SIGKILL to a finish still running after this; zero for no limit
 * @param down           argv run when a oneshot that completed is stopped (s6-rc's {@code down});
 *                       null for none
 * @param downTimeout    SIGKILL to a down still running after this; zero for no limit
 * @param foreground     Capstan's own stdin, stdout and stderr, unprefixed and unlogged: the
 *                       container's CMD
 * @param dependsTimeout the longest it waits for its dependencies before it starts anyway (or,
 *                       with onFatal SHUTDOWN, ends the container with exit code 2); zero for no limit
 * @param producerFor    the service that reads this one's stdout as its stdin, through a pipe
 *                       Capstan holds across restarts of either (s6-rc's producer-for); null for none
 * @param socket         the listening socket it gets as stdin, shared with its pool ([fcgi-program:x]); null for none
 * @param stdinPipe      its stdin is a pipe Capstan writes ({@link Supervisor#sendStdin}, XML-RPC's
 *                       sendProcessStdin), as every supervisord process's is; else /dev/null
 */
public record ServiceSpec(
        String name,
        String group,
        ServiceType type,
        List<String> command,
        Map<String, String> environment,
        Path directory,
        Credentials user,
        Integer umask,
        int priority,
        boolean autostart,
        Duration startSecs,
        int startRetries,
        Duration backoffInitial,
        Duration backoffMax,
        RestartMode restart,
        Set<Integer> exitCodes,
        int restartLimit,
        Duration restartWindow,
        Signal stopSignal,
        Duration stopWait,
        boolean stopAsGroup,
        boolean killAsGroup,
        List<Dependency> dependsOn,
        Probe ready,
        Duration readyTimeout,
        Probe healthcheck,
        Duration healthInterval,
        int healthFailures,
        LogSpec stdout,
        LogSpec stderr,
        boolean redirectStderr,
        boolean exitOnEnd,
        FatalAction onFatal,
        List<String> events,
        List<String> finish,
        Duration finishTimeout,
        List<String> down,
        Duration downTimeout,
        boolean foreground,
        Duration dependsTimeout,
        String producerFor,
        SocketSpec socket,
        boolean stdinPipe) {

    public ServiceSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(type, "type");
        command = List.copyOf(command);
        if (command.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty command");
        }
        environment = Map.copyOf(environment);
        Objects.requireNonNull(startSecs, "startSecs");
        Objects.requireNonNull(backoffInitial, "backoffInitial");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(restart, "restart");
        exitCodes = Set.copyOf(exitCodes);
        Objects.requireNonNull(restartWindow, "restartWindow");
        Objects.requireNonNull(stopSignal, "stopSignal");
        Objects.requireNonNull(stopWait, "stopWait");
        dependsOn = List.copyOf(dependsOn);
        Objects.requireNonNull(readyTimeout, "readyTimeout");
        Objects.requireNonNull(healthInterval, "healthInterval");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        Objects.requireNonNull(onFatal, "onFatal");
        events = List.copyOf(events);
        finish = optionalCommand(name, "finish", finish);
        Objects.requireNonNull(finishTimeout, "finishTimeout");
        down = optionalCommand(name, "down", down);
        Objects.requireNonNull(downTimeout, "downTimeout");
        Objects.requireNonNull(dependsTimeout, "dependsTimeout");
    }

    private static List<String> optionalCommand(String name, String key, List<String> argv) {
        if (argv == null) {
            return null;
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException(name + ": empty " + key + " command");
        }
        return List.copyOf(argv);
    }

    /** {@code group:name}, or just the name when the service is its own group. */
    public String fullName() {
        return group.equals(name) ? name : group + ":" + name;
    }

    /** A builder with supervisord's defaults and Capstan's, for a service of that name and command. */
    public static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    /** A builder holding this spec's values. */
    public Builder toBuilder() {
        Builder b = new Builder(name, command);
        b.group = group;
        b.type = type;
        b.environment.putAll(environment);
        b.directory = directory;
        b.user = user;
        b.umask = umask;
        b.priority = priority;
        b.autostart = autostart;
        b.startSecs = startSecs;
        b.startRetries = startRetries;
        b.backoffInitial = backoffInitial;
        b.backoffMax = backoffMax;
        b.restart = restart;
        b.exitCodes = exitCodes;
        b.restartLimit = restartLimit;
        b.restartWindow = restartWindow;
        b.stopSignal = stopSignal;
        b.stopWait = stopWait;
        b.stopAsGroup = stopAsGroup;
        b.killAsGroup = killAsGroup;
        b.dependsOn = dependsOn;
        b.ready = ready;
        b.readyTimeout = readyTimeout;
        b.healthcheck = healthcheck;
        b.healthInterval = healthInterval;
        b.healthFailures = healthFailures;
        b.stdout = stdout;
        b.stderr = stderr;
        b.redirectStderr = redirectStderr;
        b.exitOnEnd = exitOnEnd;
        b.onFatal = onFatal;
        b.events = events;
        b.finish = finish;
        b.finishTimeout = finishTimeout;
        b.down = down;
        b.downTimeout = downTimeout;
        b.foreground = foreground;
        b.dependsTimeout = dependsTimeout;
        b.producerFor = producerFor;
        b.socket = socket;
        b.stdinPipe = stdinPipe;
        return b;
    }

    /** Mutable; the defaults are the documented ones (docs/configuration.md). */
    public static final class Builder {
        private String name;
        private List<String> command;
        private String group;
        private ServiceType type = ServiceType.LONGRUN;
        private final Map<String, String> environment = new TreeMap<>();
        private Path directory;
        private Credentials user;
        private Integer umask;
        private int priority = 999;
        private boolean autostart = true;
        private Duration startSecs = Duration.ofSeconds(1);
        private int startRetries = 3;
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(30);
        private RestartMode restart = RestartMode.UNEXPECTED;
        private Set<Integer> exitCodes = Set.of(0);
        private int restartLimit = 10;
        private Duration restartWindow = Duration.ofSeconds(60);
        private Signal stopSignal = Signal.TERM;
        private Duration stopWait = Duration.ofSeconds(10);
        private boolean stopAsGroup;
        private boolean killAsGroup;
        private List<Dependency> dependsOn = List.of();
        private Probe ready;
        private Duration readyTimeout = Duration.ofSeconds(60);
        private Probe healthcheck;
        private Duration healthInterval = Duration.ofSeconds(10);
        private int healthFailures = 3;
        private LogSpec stdout = LogSpec.CONSOLE_DEFAULT;
        private LogSpec stderr = LogSpec.CONSOLE_DEFAULT;
        private boolean redirectStderr;
        private boolean exitOnEnd;
        private FatalAction onFatal = FatalAction.IGNORE;
        private List<String> events = List.of();
        private List<String> finish;
        private Duration finishTimeout = Duration.ofSeconds(5);
        private List<String> down;
        private Duration downTimeout = Duration.ofSeconds(10);
        private boolean foreground;
        private Duration dependsTimeout = Duration.ZERO;
        private String producerFor;
        private SocketSpec socket;
        private boolean stdinPipe;

        private Builder(String name, List<String> command) {
            this.name = Objects.requireNonNull(name, "name");
            this.command = List.copyOf(command);
        }

        public Builder name(String v) { name = v; return this; }
        public Builder command(List<String> v) { command = List.copyOf(v); return this; }
        public Builder group(String v) { group = v; return this; }
        public Builder type(ServiceType v) { type = v; return this; }
        public Builder environment(Map<String, String> v) { environment.clear(); environment.putAll(v); return this; }
        public Builder directory(Path v) { directory = v; return this; }
        public Builder user(Credentials v) { user = v; return this; }
        public Builder umask(Integer v) { umask = v; return this; }
        public Builder priority(int v) { priority = v; return this; }
        public Builder autostart(boolean v) { autostart = v; return this; }
        public Builder startSecs(Duration v) { startSecs = v; return this; }
        public Builder startRetries(int v) { startRetries = v; return this; }
        public Builder backoffInitial(Duration v) { backoffInitial = v; return this; }
        public Builder backoffMax(Duration v) { backoffMax = v; return this; }
        public Builder restart(RestartMode v) { restart = v; return this; }
        public Builder exitCodes(Set<Integer> v) { exitCodes = v; return this; }
        public Builder restartLimit(int v) { restartLimit = v; return this; }
        public Builder restartWindow(Duration v) { restartWindow = v; return this; }
        public Builder stopSignal(Signal v) { stopSignal = v; return this; }
        public Builder stopWait(Duration v) { stopWait = v; return this; }
        public Builder stopAsGroup(boolean v) { stopAsGroup = v; return this; }
        public Builder killAsGroup(boolean v) { killAsGroup = v; return this; }
        public Builder dependsOn(List<Dependency> v) { dependsOn = v; return this; }
        public Builder ready(Probe v) { ready = v; return this; }
        public Builder readyTimeout(Duration v) { readyTimeout = v; return this; }
        public Builder healthcheck(Probe v) { healthcheck = v; return this; }
        public Builder healthInterval(Duration v) { healthInterval = v; return this; }
        public Builder healthFailures(int v) { healthFailures = v; return this; }
        public Builder stdout(LogSpec v) { stdout = v; return this; }
        public Builder stderr(LogSpec v) { stderr = v; return this; }
        public Builder redirectStderr(boolean v) { redirectStderr = v; return this; }
        public Builder exitOnEnd(boolean v) { exitOnEnd = v; return this; }
        public Builder onFatal(FatalAction v) { onFatal = v; return this; }
        public Builder events(List<String> v) { events = v; return this; }
        public Builder finish(List<String> v) { finish = v; return this; }
        public Builder finishTimeout(Duration v) { finishTimeout = v; return this; }
        public Builder down(List<String> v) { down = v; return this; }
        public Builder downTimeout(Duration v) { downTimeout = v; return this; }
        public Builder foreground(boolean v) { foreground = v; return this; }
        public Builder dependsTimeout(Duration v) { dependsTimeout = v; return this; }
        public Builder producerFor(String v) { producerFor = v; return this; }
        public Builder socket(SocketSpec v) { socket = v; return this; }
        public Builder stdinPipe(boolean v) { stdinPipe = v; return this; }

        public ServiceSpec build() {
            return new ServiceSpec(name, group == null ? name : group, type, command, environment,
                    directory, user, umask, priority, autostart, startSecs, startRetries,
                    backoffInitial, backoffMax, restart, exitCodes, restartLimit, restartWindow,
                    stopSignal, stopWait, stopAsGroup, killAsGroup, dependsOn, ready, readyTimeout,
                    healthcheck, healthInterval, healthFailures, stdout, stderr, redirectStderr,
                    exitOnEnd, onFatal, events, finish, finishTimeout, down, downTimeout, foreground,
                    dependsTimeout, producerFor, socket, stdinPipe);
        }
    }
}
