package dev.capstan.logs;

import dev.capstan.api.ConfigurationPids;
import dev.capstan.api.LogSlice;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceOutput;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.container.ContainerListener;
import dev.capstan.logs.console.Console;
import dev.capstan.logs.console.ConsoleFormat;
import dev.capstan.logs.files.AutoLogs;
import dev.capstan.logs.files.Reports;
import dev.capstan.logs.mainlog.LogbackBridge;
import dev.capstan.logs.mainlog.MainLog;
import dev.capstan.process.ProcessKernel;
import java.nio.file.Path;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The logs bundle's one service: {@link ServiceLogs} for the engine, and a
 * {@link ContainerListener} so that SIGUSR1/SIGUSR2 reopen the log files. Reads the global
 * settings ({@link Settings}) from the {@code dev.capstan.supervisor} configuration; a change is
 * applied without dropping any open log (hence {@link Modified}).
 */
@Component(service = {ServiceLogs.class, ContainerListener.class}, immediate = true,
        configurationPid = ConfigurationPids.SUPERVISOR,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public class LogsComponent implements ServiceLogs, ContainerListener {

    private static final Logger LOG = LoggerFactory.getLogger(LogsComponent.class);

    private static final Reports REPORTS = new Reports() {
        @Override
        public void error(String message) {
            LOG.error(message);
        }

        @Override
        public void warn(String message) {
            LOG.warn(message);
        }
    };

    /**
     * The keys of {@code dev.capstan.supervisor} the logs bundle reads, as the config bundle
     * publishes them: checked and typed. (DS reads {@code __} in a method name as {@code _} in the
     * property's.)
     */
    @interface Settings {
        /** Where AUTO log files go; empty for java.io.tmpdir. */
        String childlogdir() default "";

        boolean nocleanup() default false;

        boolean log__prefix() default true;

        boolean log__timestamps() default false;

        /** {@code text} or {@code json}. */
        String log__format() default "text";
    }

    @Reference
    private ProcessKernel kernel;

    private ScheduledExecutorService executor;
    private LogbackBridge logback;
    private LogBook book;

    @Activate
    void activate(Settings configured) {
        LogSettings settings = settings(configured);
        executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "capstan-logs");
            t.setDaemon(true);
            return t;
        });
        Console console = Console.ofProcess(settings.console());
        MainLog mainLog = new MainLog(executor);
        logback = attachToLogback(console, mainLog);
        if (!settings.noCleanup()) {
            int n = AutoLogs.cleanup(settings.childLogDir(), REPORTS);
            if (n > 0) {
                LOG.info("deleted {} AUTO log files of an earlier run in {}", n, settings.childLogDir());
            }
        }
        book = new LogBook(console, settings, executor, kernel, REPORTS, mainLog);
    }

    @Modified
    void modified(Settings configured) {
        book.settings(settings(configured));
    }

    @Deactivate
    void deactivate() {
        if (logback != null) {
            logback.close();
        }
        book.close();
        executor.shutdownNow();
    }

    /**
     * The config bundle publishes only checked values; one that does not convert came from
     * elsewhere (a hand-written {@code deploy/dev.capstan.supervisor.cfg}). It is reported and the
     * defaults are used: logging must never be what stops Capstan.
     */
    static LogSettings settings(Settings configured) {
        try {
            ConsoleFormat console = new ConsoleFormat(configured.log__prefix(), configured.log__timestamps(),
                    "json".equals(configured.log__format()));
            String dir = configured.childlogdir();
            return new LogSettings(console, dir.isEmpty() ? LogSettings.DEFAULT.childLogDir() : Path.of(dir),
                    configured.nocleanup());
        } catch (RuntimeException e) {
            LOG.error("{}: {}; using the default logging settings", ConfigurationPids.SUPERVISOR, e.getMessage());
            return LogSettings.DEFAULT;
        }
    }

    private static LogbackBridge attachToLogback(Console console, MainLog mainLog) {
        try {
            return LogbackBridge.attach(console, mainLog);
        } catch (LinkageError e) {
            // logback is not exported to bundles here (its imports are optional): no maintail.
            LOG.warn("logback is not available to the logs bundle; maintail stays empty");
            return null;
        }
    }

    @Override
    public ServiceOutput open(ServiceSpec spec) {
        return book.open(spec);
    }

    @Override
    public byte[] tail(String name, StreamName stream, int bytes) {
        return book.tail(name, stream, bytes);
    }

    @Override
    public AutoCloseable follow(String name, StreamName stream, Consumer<byte[]> sink) {
        return book.follow(name, stream, sink);
    }

    @Override
    public LogSlice read(String name, StreamName stream, long offset, int length) {
        return book.read(name, stream, offset, length);
    }

    @Override
    public byte[] mainTail(int bytes) {
        return book.mainTail(bytes);
    }

    @Override
    public LogSlice readMain(long offset, int length) {
        return book.readMain(offset, length);
    }

    @Override
    public void clearMain() {
        book.clearMain();
    }

    @Override
    public AutoCloseable followMain(Consumer<byte[]> sink) {
        return book.followMain(sink);
    }

    @Override
    public void clear(String name) {
        book.clear(name);
    }

    @Override
    public void reopen() {
        book.reopen();
    }

    @Override
    public void forget(String name) {
        book.forget(name);
    }

    @Override
    public void reopenLogs() {
        reopen();
    }
}
