package dev.capstan.logs.mainlog;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.capstan.logs.console.Console;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * Puts Capstan's own log (logback, on the launcher classpath) into
 * the logs bundle while it is active: a {@link CapstanLogAppender} on the root logger keeps the
 * {@code maintail} ring and takes the place of the root's console appenders (the launcher's, or
 * the ConsoleAppenders of an {@code etc/logback.xml}: every stream appender that is not a file's),
 * so that Capstan's lines share the console, its queue and its format with the services' lines.
 * Closing it puts logback's own console appenders back.
 */
public final class LogbackBridge implements AutoCloseable {

    private final Logger root;
    private final List<Appender<ILoggingEvent>> replaced;
    private final CapstanLogAppender appender;

    private LogbackBridge(Logger root, List<Appender<ILoggingEvent>> replaced, CapstanLogAppender appender) {
        this.root = root;
        this.replaced = replaced;
        this.appender = appender;
    }

    /** @return null when slf4j is not bound to logback (then maintail stays empty) */
    public static LogbackBridge attach(Console console, MainLog mainLog) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return null;
        }
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        List<Appender<ILoggingEvent>> consoles = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> a = it.next();
            if (a instanceof OutputStreamAppender && !(a instanceof FileAppender)) {
                consoles.add(a);
            }
        }
        CapstanLogAppender appender = new CapstanLogAppender(consoles.isEmpty() ? null : console, mainLog);
        appender.setContext(context);
        appender.setName("capstan-logs");
        appender.start();
        // Add before detaching, so that no line in between goes nowhere.
        root.addAppender(appender);
        consoles.forEach(root::detachAppender);
        return new LogbackBridge(root, consoles, appender);
    }

    @Override
    public void close() {
        replaced.forEach(root::addAppender);
        root.detachAppender(appender);
        appender.stop();
    }
}
