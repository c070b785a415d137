package dev.capstan.logs;

import dev.capstan.api.Fault;
import dev.capstan.api.LogSlice;
import dev.capstan.api.LogSpec;
import dev.capstan.api.Probe;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.api.SupervisorException;
import dev.capstan.logs.console.Console;
import dev.capstan.logs.console.ConsoleCapture;
import dev.capstan.logs.console.LineOrigin;
import dev.capstan.logs.files.FileCapture;
import dev.capstan.logs.files.Reports;
import dev.capstan.logs.lines.LineListeners;
import dev.capstan.logs.mainlog.MainLog;
import dev.capstan.process.ProcessKernel;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * Every service's output: decides for each run where each stream goes (docs/decisions.md, "Output
 * capture") and keeps what {@code tail}, {@code clear} and {@code reopen} need. The
 * {@link ServiceLogs} implementation without the OSGi wiring ({@link LogsComponent} adds that).
 */
final class LogBook implements ServiceLogs, AutoCloseable {

    private final Console console;
    private final ScheduledExecutorService executor;
    private final ProcessKernel kernel;
    private final Reports reports;
    private final MainLog mainLog;
    private final Map<String, ServiceLog> services = new ConcurrentHashMap<>();
    private volatile LogSettings settings;

    /**
     * @param executor runs follower deliveries and file polls; owned by the caller
     * @param kernel   opens the log files Capstan writes, so that output can be spliced into them
     */
    LogBook(Console console, LogSettings settings, ScheduledExecutorService executor, ProcessKernel kernel,
            Reports reports, MainLog mainLog) {
        this.console = console;
        this.settings = settings;
        this.executor = executor;
        this.kernel = kernel;
        this.reports = reports;
        this.mainLog = mainLog;
    }

    /** New settings; the console format changes at once, the rest at each service's next start. */
    void settings(LogSettings s) {
        settings = s;
        console.format(s.console());
    }

    @Override
    public ServiceOutput open(ServiceSpec spec) {
        LogSettings s = settings;
        ServiceLog log = services.computeIfAbsent(spec.name(), n -> new ServiceLog(executor, kernel, reports));
        LineListeners listeners = new LineListeners();
        boolean lines = spec.ready() instanceof Probe.LogMatch || spec.healthcheck() instanceof Probe.LogMatch;
        List<Runnable> finishers = new ArrayList<>(2);
        boolean redirect = spec.redirectStderr() || sameFile(spec, s);
        log.redirected(redirect);
        Stdio out = wire(spec.name(), StreamName.STDOUT, spec.stdout(), log.stdout(), s, lines, listeners, finishers);
        Stdio err = redirect ? Stdio.sameAsStdout()
                : wire(spec.name(), StreamName.STDERR, spec.stderr(), log.stderr(), s, lines, listeners, finishers);
        return new RunOutput(out, err, listeners, finishers);
    }

    /**
     * stdout_logfile and stderr_logfile name the same file: that is redirect_stderr, and must be,
     * or two writers would each rotate the file under the other.
     */
    private static boolean sameFile(ServiceSpec spec, LogSettings s) {
        OutputRoute out = OutputRoute.of(spec.name(), StreamName.STDOUT, spec.stdout(), s.childLogDir());
        OutputRoute err = OutputRoute.of(spec.name(), StreamName.STDERR, spec.stderr(), s.childLogDir());
        return out.file() != null && err.file() != null
                && out.file().toAbsolutePath().normalize().equals(err.file().toAbsolutePath().normalize());
    }

    private Stdio wire(String service, StreamName stream, LogSpec spec, StreamLog log, LogSettings s,
                       boolean lines, LineListeners listeners, List<Runnable> finishers) {
        OutputRoute route = OutputRoute.of(service, stream, spec, s.childLogDir());
        switch (route.kind()) {
            case CONSOLE: {
                ConsoleCapture c = new ConsoleCapture(console, route.console(), LineOrigin.of(service, stream),
                        log.useRing(), log.followers(), listeners);
                finishers.add(c::finish);
                return Stdio.pipe(c);
            }
            case FILE: {
                Path file = route.file();
                if (spec.target() == LogSpec.Target.AUTO) {
                    createDirectories(file.getParent());
                }
                // Nothing to do to the bytes, so the file itself is the child's stdout.
                if (route.maxBytes() == 0 && !s.fileTimestamps() && !lines && canAppend(file)) {
                    log.useChildWritten(file);
                    return Stdio.file(file, false);
                }
                FileCapture f = new FileCapture(log.useFile(file, route.maxBytes(), route.backups()),
                        log.followers(), s.fileTimestamps(), listeners);
                finishers.add(f::finish);
                return Stdio.pipe(f);
            }
            default: {
                log.useNothing();
                if (!lines) {
                    return Stdio.devNull();
                }
                DiscardCapture d = new DiscardCapture(listeners);
                finishers.add(d::finish);
                return Stdio.pipe(d);
            }
        }
    }

    /**
     * Whether the file can be opened for appending now. If not, Capstan writes it instead of the
     * child, so that the service still starts and the failure is reported and retried.
     */
    private static boolean canAppend(Path file) {
        try (FileChannel ignored = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            // The log file's own open fails next and reports it, once.
        }
    }

    @Override
    public byte[] tail(String name, StreamName stream, int bytes) {
        return known(name).stream(stream).tail(bytes);
    }

    @Override
    public AutoCloseable follow(String name, StreamName stream, Consumer<byte[]> sink) {
        return known(name).stream(stream).follow(sink);
    }

    @Override
    public LogSlice read(String name, StreamName stream, long offset, int length) {
        return known(name).stream(stream).read(offset, length);
    }

    @Override
    public byte[] mainTail(int bytes) {
        return mainLog.tail(bytes);
    }

    @Override
    public LogSlice readMain(long offset, int length) {
        return mainLog.read(offset, length);
    }

    @Override
    public void clearMain() {
        mainLog.clear();
    }

    @Override
    public AutoCloseable followMain(Consumer<byte[]> sink) {
        return mainLog.follow(sink);
    }

    @Override
    public void clear(String name) {
        ServiceLog log = services.get(name);
        if (log != null) {
            log.clear();
        }
    }

    @Override
    public void reopen() {
        services.values().forEach(ServiceLog::reopen);
    }

    @Override
    public void forget(String name) {
        ServiceLog log = services.remove(name);
        if (log != null) {
            log.close();
        }
    }

    @Override
    public void close() {
        services.values().forEach(ServiceLog::close);
        services.clear();
    }

    private ServiceLog known(String name) {
        ServiceLog log = services.get(name);
        if (log == null) {
            throw new SupervisorException(Fault.BAD_NAME, name + ": no output of this service is known");
        }
        return log;
    }
}
