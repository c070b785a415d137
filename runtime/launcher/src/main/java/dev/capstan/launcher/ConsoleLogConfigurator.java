package dev.capstan.launcher;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import dev.capstan.container.ConsoleWriter;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * Capstan's own log until the logs bundle takes it over: {@code capstan | LEVEL message} lines on
 * stdout, the console's default format, at the level {@code CAPSTAN_LOG_LEVEL} names (else the
 * one s6-overlay's {@code S6_VERBOSITY} means, else INFO), with Felix's own messages from WARN up.
 * The lines go through the process's {@link ConsoleWriter}, so that no thread that logs ever
 * waits for a console nobody reads (logback's ConsoleAppender writes System.out on the caller's
 * thread).
 *
 * <p>Set up in code, not by an XML file, because logback's XML configurator and the JDK's XML
 * parser cost a tenth of a second on the boot path, before the first service can start. Logback
 * finds this class through ServiceLoader before its own configurators; it steps aside for a
 * {@code logback.configurationFile} (bin/capstan passes {@code etc/logback.xml} when there is
 * one) and for a {@code logback-test.xml} or {@code logback.xml} on the classpath.
 */
public final class ConsoleLogConfigurator extends ContextAwareBase implements Configurator {

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || resource(ClassicConstants.TEST_AUTOCONFIG_FILE)
                || resource(ClassicConstants.AUTOCONFIG_FILE)) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        String level = System.getenv("CAPSTAN_LOG_LEVEL");
        configureConsole(context, level != null ? level : verbosityLevel(System.getenv("S6_VERBOSITY")));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    static void configureConsole(LoggerContext context, String level) {
        ConsoleLayout layout = new ConsoleLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> console = new OutputStreamAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.setOutputStream(new ConsoleStream(ConsoleWriter.ofProcess()));
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(level, Level.INFO));
        root.addAppender(console);
        context.getLogger("felix").setLevel(Level.WARN);
    }

    /**
     * s6-overlay's {@code S6_VERBOSITY}: 0 errors only, 1 warnings too, 2 (its default) the start
     * and stop lines too, 3 and more debugging. Not a decimal: s6-overlay's default.
     */
    static String verbosityLevel(String verbosity) {
        if (verbosity == null || verbosity.isEmpty() || !verbosity.chars().allMatch(Character::isDigit) || verbosity.length() > 9) {
            return null;
        }
        return switch (Integer.parseInt(verbosity)) {
            case 0 -> "ERROR";
            case 1 -> "WARN";
            case 2 -> "INFO";
            default -> "DEBUG";
        };
    }

    private static boolean resource(String name) {
        return ConsoleLogConfigurator.class.getClassLoader().getResource(name) != null;
    }

    /**
     * What the pattern {@code capstan | %level %msg%n} prints, a throwable's stack trace below
     * the line as logback appends it, written out by hand: logback's pattern layout loads its
     * parser and a converter class for every keyword it knows, most of the logback classes a boot
     * loads, for the few lines before the logs bundle takes the console over (BENCHMARKS.md,
     * "Measurements behind the code").
     */
    static final class ConsoleLayout extends LayoutBase<ILoggingEvent> {
        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(128).append("capstan | ").append(event.getLevel()).append(' ')
                    .append(event.getFormattedMessage()).append(CoreConstants.LINE_SEPARATOR);
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown));
            }
            return line.toString();
        }
    }

    /**
     * Capstan's stdout as the appender's stream: the appender writes each event's lines in one
     * call, which is queued whole.
     */
    static final class ConsoleStream extends OutputStream {
        private final ConsoleWriter console;

        ConsoleStream(ConsoleWriter console) {
            this.console = console;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            console.writeOut(ByteBuffer.wrap(b, off, len));
        }

        @Override
        public void write(int b) {
            console.writeOut(ByteBuffer.wrap(new byte[] {(byte) b}));
        }
    }
}
