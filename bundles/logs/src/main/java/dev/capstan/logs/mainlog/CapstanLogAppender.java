package dev.capstan.logs.mainlog;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import dev.capstan.api.StreamName;
import dev.capstan.logs.console.Console;
import dev.capstan.logs.console.ConsoleFormat;
import dev.capstan.logs.console.LineOrigin;
import dev.capstan.logs.lines.ByteBuilder;
import dev.capstan.logs.lines.LineFramer;
import dev.capstan.logs.lines.Timestamps;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Capstan's own log lines: kept in the {@link MainLog} for {@code maintail}, and (when it
 * replaced logback's console appender) written to the console in the services' format, as the
 * service {@code capstan} with the level before the text. WARN and ERROR go to Capstan's
 * stderr, the rest to its stdout. A multi-line message or a stack trace gives one console line
 * per line, each with the prefix.
 */
final class CapstanLogAppender extends AppenderBase<ILoggingEvent> {

    private static final LineOrigin STDOUT = LineOrigin.of("capstan", StreamName.STDOUT);
    private static final LineOrigin STDERR = LineOrigin.of("capstan", StreamName.STDERR);

    private final Console console;
    private final MainLog mainLog;
    // AppenderBase.doAppend is synchronized: one event at a time uses these.
    private final Timestamps clock = new Timestamps();
    private final LineFramer framer = new LineFramer();
    private final ByteBuilder consoleLines = new ByteBuilder();
    private final ByteBuilder mainLines = new ByteBuilder();
    private byte[] time;
    private String level;
    private LineOrigin origin;
    private ConsoleFormat format;

    /** @param console null to keep only the main log (logback had no console appender to replace) */
    CapstanLogAppender(Console console, MainLog mainLog) {
        this.console = console;
        this.mainLog = mainLog;
    }

    @Override
    protected void append(ILoggingEvent event) {
        String text = event.getFormattedMessage();
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            text = text + '\n' + ThrowableProxyUtil.asString(thrown);
        }
        time = clock.at(event.getTimeStamp());
        level = event.getLevel().toString();
        origin = event.getLevel().isGreaterOrEqual(Level.WARN) ? STDERR : STDOUT;
        format = console == null ? null : console.format();
        framer.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), this::line);
        framer.finish(this::line);
        mainLog.append(mainLines.buffer());
        mainLines.clear();
        if (format != null) {
            console.write(origin.stream(), consoleLines.buffer());
            consoleLines.clear();
        }
    }

    private void line(ByteBuffer buf, int from, int to, boolean continued) {
        mainLines.append(time).append((byte) ' ').append(level).append((byte) ' ').append(buf, from, to)
                .append((byte) '\n');
        if (format != null) {
            format.append(consoleLines, origin, time, level, buf, from, to, continued);
        }
    }
}
