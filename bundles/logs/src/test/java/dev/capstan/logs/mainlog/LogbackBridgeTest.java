package dev.capstan.logs.mainlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import dev.capstan.logs.console.Console;
import dev.capstan.logs.console.ConsoleFiles;
import dev.capstan.logs.console.ConsoleFormat;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Against the real logback of the test classpath, set up by the launcher as at boot (one console appender). */
class LogbackBridgeTest {

    @TempDir
    Path dir;

    @Test
    void capstansOwnLinesShareTheConsoleFormatAndFeedMaintail() throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Console console = ConsoleFiles.open(out, err, ConsoleFormat.DEFAULT);
        MainLog mainLog = new MainLog(executor);
        ByteArrayOutputStream followed = new ByteArrayOutputStream();
        mainLog.follow(followed::writeBytes);
        Logger log = LoggerFactory.getLogger("dev.capstan.test");
        ch.qos.logback.classic.Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory())
                .getLogger(Logger.ROOT_LOGGER_NAME);
        LogbackBridge bridge = LogbackBridge.attach(console, mainLog);
        assertNotNull(bridge);
        try {
            log.info("web: started, pid {}", 42);
            log.error("two\nlines");
            console.format(new ConsoleFormat(true, false, true));
            log.warn("as \"json\"");
        } finally {
            bridge.close();
        }
        log.info("after close: back to the launcher's console appender");

        assertEquals("capstan | INFO web: started, pid 42\n", Files.readString(out));
        String[] errLines = Files.readString(err).split("\n");
        assertEquals("capstan | ERROR two", errLines[0]);
        assertEquals("capstan | ERROR lines", errLines[1]);
        assertTrue(errLines[2].matches("\\{\"time\":\"[^\"]+\",\"service\":\"capstan\",\"stream\":\"stderr\","
                + "\"level\":\"WARN\",\"line\":\"as \\\\\"json\\\\\"\"}"), errLines[2]);

        String tail = new String(mainLog.tail(10_000), StandardCharsets.UTF_8);
        String iso = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z";
        assertTrue(tail.matches(iso + " INFO web: started, pid 42\n" + iso + " ERROR two\n" + iso + " ERROR lines\n"
                + iso + " WARN as \"json\"\n"), tail);
        Thread.sleep(100);
        assertEquals(tail, followed.toString(StandardCharsets.UTF_8));
        assertNotNull(root.getAppender("console"), "the launcher's appender is back");
        executor.shutdownNow();
    }
}
