package dev.capstan.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ConsoleLogConfiguratorTest {

    @Test
    void linesMatchTheConsoleFormat() {
        LoggerContext context = new LoggerContext();
        OutputStreamAppender<ILoggingEvent> console = console(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        LoggingEvent event = new LoggingEvent(Logger.FQCN, root, Level.INFO, "s1: {} -> {}", null,
                new Object[] {"STOPPED", "STARTING"});
        assertEquals("capstan | INFO s1: STOPPED -> STARTING\n",
                new String(console.getEncoder().encode(event), StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n"));
    }

    @Test
    void aThrowableAsThePatternLayoutPrintedIt() {
        LoggerContext context = new LoggerContext();
        OutputStreamAppender<ILoggingEvent> console = console(context);
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        PatternLayoutEncoder pattern = new PatternLayoutEncoder();
        pattern.setContext(context);
        pattern.setPattern("capstan | %level %msg%n");
        pattern.start();
        IllegalStateException thrown = new IllegalStateException("outer", new java.io.IOException("inner"));
        thrown.addSuppressed(new IllegalArgumentException("beside"));
        LoggingEvent event = new LoggingEvent(Logger.FQCN, root, Level.ERROR, "boot failed: {}", thrown,
                new Object[] {"outer"});
        String expected = new String(pattern.encode(event), StandardCharsets.UTF_8);
        assertEquals(expected, new String(console.getEncoder().encode(event), StandardCharsets.UTF_8));
    }

    @Test
    void levelFromTheEnvironmentAndFelixFromWarn() {
        assertEquals(Level.INFO, rootLevel(null));
        assertEquals(Level.INFO, rootLevel("nonsense"));
        assertEquals(Level.DEBUG, rootLevel("debug"));

        LoggerContext context = new LoggerContext();
        ConsoleLogConfigurator.configureConsole(context, "debug");
        assertEquals(Level.WARN, context.getLogger("felix").getEffectiveLevel());
    }

    @Test
    void stepsAsideForALogbackFileOnTheClasspath() {
        // This module's tests have a logback-test.xml, as an operator's etc/logback.xml would be.
        LoggerContext context = new LoggerContext();
        assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, new ConsoleLogConfigurator().configure(context));
        assertNull(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console"), "configured nothing itself");
    }

    /** The console appender the default setup gives {@code context}. */
    @SuppressWarnings("unchecked")
    private static OutputStreamAppender<ILoggingEvent> console(LoggerContext context) {
        ConsoleLogConfigurator.configureConsole(context, null);
        return (OutputStreamAppender<ILoggingEvent>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("console");
    }

    private static Level rootLevel(String setting) {
        LoggerContext context = new LoggerContext();
        ConsoleLogConfigurator.configureConsole(context, setting);
        return context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel();
    }

    @Test
    void s6VerbosityMeansALevelWhenCapstanLogLevelIsNotSet() {
        assertEquals("ERROR", ConsoleLogConfigurator.verbosityLevel("0"));
        assertEquals("WARN", ConsoleLogConfigurator.verbosityLevel("1"));
        assertEquals("INFO", ConsoleLogConfigurator.verbosityLevel("2"));
        assertEquals("DEBUG", ConsoleLogConfigurator.verbosityLevel("5"));
        assertNull(ConsoleLogConfigurator.verbosityLevel("loud"));
        assertNull(ConsoleLogConfigurator.verbosityLevel(null));
    }
}
