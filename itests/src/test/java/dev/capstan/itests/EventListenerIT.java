package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * supervisord's event listeners, run by Capstan and by Debian's real supervisord 4.2.5 on the
 * same configuration file, each as the PID 1 of a PID namespace: what each listener read, byte
 * for byte, is compared. The listeners are Python scripts written as the real ones are (the
 * crash-loop breaker of the chrome image family; superlance's crashmail and fatalmailbatch on
 * supervisor.childutils; superlance itself is not installable here) and a byte reader and a
 * character reader of the protocol (bundles/events' test listener).
 */
class EventListenerIT {

    private static final Path SCRIPTS = Path.of("src/test/resources/dev/capstan/itests/events").toAbsolutePath();
    private static final Path READER = Path.of("../bundles/events/src/test/resources/dev/capstan/events/listener.py")
            .toAbsolutePath().normalize();
    private static final Duration CONTAINER = Duration.ofSeconds(60);

    @BeforeAll
    static void needsRootAndTheOriginal() {
        assumeTrue(Procfs.isRoot(), "PID namespaces and user= need root");
        assumeTrue(Procfs.onPath("unshare") && Procfs.onPath("setpriv"), "needs util-linux's unshare and setpriv");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/supervisord")), "needs Debian's supervisor package");
    }

    /**
     * A fresh directory every user can write (the listeners of the first test run as nobody),
     * holding the scripts; also one for each runner's records.
     */
    private static Path workspace(String name) throws IOException {
        Path dir = CapstanProcess.WORK.resolve("events").resolve(name);
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        for (String sub : List.of("", "capstan", "supervisord")) {
            Path d = Files.createDirectories(dir.resolve(sub));
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
        }
        for (String script : List.of("breaker.py", "crashmail.py", "fatalmailbatch.py", "sendmail", "sender.py")) {
            Files.copy(SCRIPTS.resolve(script), dir.resolve(script));
            Files.setPosixFilePermissions(dir.resolve(script), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Files.copy(READER, dir.resolve("reader.py"));
        Files.setPosixFilePermissions(dir.resolve("reader.py"), PosixFilePermissions.fromString("rw-r--r--"));
        return dir;
    }

    /** The same file for both, except where each keeps its records ({@code @RUNNER@}). */
    private static Path config(Path dir, String runner, String text) throws IOException {
        Path file = dir.resolve(runner + ".conf");
        Files.writeString(file, text.replace("@DIR@", dir.toString()).replace("@RUNNER@", runner));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        return file;
    }

    private static List<String> capstan(Path conf) {
        return List.of(CapstanProcess.DIST.resolve("bin/capstan").toString(), "-c", conf.toString());
    }

    private static List<String> supervisord(Path conf) {
        return List.of("/usr/bin/supervisord", "-n", "-c", conf.toString());
    }

    /**
     * The breaker of the chrome image family: chrome crashes, after startretries=3 it is FATAL,
     * and the listener SIGTERMs PID 1 through the pidfile, so the container ends (and is rebuilt
     * with a fresh cgroup). The header sets user=: supervisord becomes that user, and so does
     * Capstan (bin/capstan), so a listener of that user may signal PID 1.
     */
    @Test
    void theCrashLoopBreakerEndsTheContainerUnderCapstanAsUnderSupervisord() throws Exception {
        Path dir = workspace("breaker");
        String text = String.join("\n",
                "[supervisord]",
                "nodaemon=true",
                "logfile=@DIR@/@RUNNER@/supervisord.log",
                "pidfile=@DIR@/@RUNNER@/supervisord.pid",
                "user=nobody",
                "",
                "[unix_http_server]",
                "file=@DIR@/@RUNNER@/run/supervisor.sock",
                "",
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
                "",
                "[program:crashy]",
                "command=sh -c 'exit 3'",
                "startretries=3",
                "",
                "[eventlistener:crash-listener]",
                "command=/usr/bin/python3 @DIR@/breaker.py",
                "events=PROCESS_STATE_FATAL",
                "autostart=true",
                "autorestart=true",
                "priority=200",
                "user=nobody",
                "environment=RECORD_DIR=\"@DIR@/@RUNNER@\",PIDFILE=\"@DIR@/@RUNNER@/supervisord.pid\"",
                "");
        for (String runner : List.of("capstan", "supervisord")) {
            Path conf = config(dir, runner, text);
            // The socket's directory is nobody's alone: Capstan refuses one others may write to.
            Path sockets = Files.createDirectories(dir.resolve(runner).resolve("run"));
            Files.setOwner(sockets, sockets.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwx------"));
            try (ContainerRun run = ContainerRun.start("breaker-" + runner,
                    runner.equals("capstan") ? capstan(conf) : supervisord(conf))) {
                assertEquals(0, run.awaitExit(CONTAINER), runner + ": the listener's SIGTERM ends the container with 0:\n"
                        + run.output());
                if (runner.equals("capstan")) {
                    assertTrue(run.output().contains("crashy: BACKOFF -> FATAL"), run.output());
                }
            }
            Path records = dir.resolve(runner);
            assertEquals("65534\n", Files.readString(records.resolve("uid")), runner + ": the listener runs as nobody");
            assertFalse(Files.exists(records.resolve("supervisord.pid")), runner + ": the pidfile is removed at exit");
            if (runner.equals("supervisord") || xmlRpcInstalled()) {
                assertEquals("FATAL\n", Files.readString(records.resolve("rpc")),
                        runner + ": supervisor.childutils.getRPCInterface(os.environ) from the listener");
            }
        }
        byte[] expected = ("ver:3.0 server:supervisor serial:0 pool:crash-listener poolserial:0"
                + " eventname:PROCESS_STATE_FATAL len:54\nprocessname:crashy groupname:crashy from_state:BACKOFF")
                .getBytes(StandardCharsets.US_ASCII);
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("supervisord/events")), "what supervisord sent");
        assertArrayEquals(expected, Files.readAllBytes(dir.resolve("capstan/events")), "what Capstan sent");
    }

    /**
     * A program writes non-ASCII text with \r\n; a byte reader and supervisor.childutils' character
     * reader listen to PROCESS_LOG. supervisord's len counts characters: its byte reader reads two
     * bytes short. Capstan's len counts bytes (charlen says the characters), and with
     * {@code len_unit = chars} (a key supervisord does not read) the character reader gets
     * supervisord's exact header.
     */
    @Test
    void aByteReaderAndACharacterReaderOfNonAsciiOutput() throws Exception {
        Path dir = workspace("readers");
        String text = String.join("\n",
                "[supervisord]",
                "nodaemon=true",
                "logfile=@DIR@/@RUNNER@/supervisord.log",
                "pidfile=@DIR@/@RUNNER@/supervisord.pid",
                "",
                "[program:printer]",
                "command=printf 'caf\\303\\251\\r\\nd\\303\\251j\\303\\240 vu\\n'",
                "stdout_events_enabled=true",
                "stdout_logfile=NONE",
                "startsecs=0",
                "autorestart=false",
                "",
                "[eventlistener:bytes]",
                "command=/usr/bin/python3 @DIR@/reader.py bytes @DIR@/@RUNNER@/bytes.rec",
                "events=PROCESS_LOG",
                "",
                "[eventlistener:chars]",
                "command=/usr/bin/python3 @DIR@/reader.py chars @DIR@/@RUNNER@/chars.rec",
                "events=PROCESS_LOG",
                "len_unit=chars",
                "");
        for (String runner : List.of("capstan", "supervisord")) {
            Path conf = config(dir, runner, text);
            try (ContainerRun run = ContainerRun.start("readers-" + runner,
                    runner.equals("capstan") ? capstan(conf) : supervisord(conf))) {
                awaitRecord(dir.resolve(runner).resolve("chars.rec"), run);
                awaitRecord(dir.resolve(runner).resolve("bytes.rec"), run);
                run.stop();
                assertEquals(0, run.awaitExit(CONTAINER), run.output());
            }
        }
        String output = "caf\u00e9\r\nd\u00e9j\u00e0 vu\n";
        int chars = output.length();
        int bytes = output.getBytes(StandardCharsets.UTF_8).length;

        String capstanChars = Files.readString(dir.resolve("capstan/chars.rec"));
        String supervisordChars = Files.readString(dir.resolve("supervisord/chars.rec"));
        String payloadHead = "processname:printer groupname:printer pid:";
        assertEquals(withoutPid(supervisordChars), withoutPid(capstanChars), "len_unit = chars: supervisord's header");
        assertTrue(capstanChars.endsWith(" channel:stdout\n" + output + "\n--\n"), capstanChars);
        for (String record : List.of(capstanChars, supervisordChars)) {
            String p = record.substring(record.indexOf('\n') + 1, record.length() - "\n--\n".length());
            assertTrue(record.contains(" len:" + p.length() + "\n"), "len counts characters: " + record);
        }

        byte[] capstanBytes = Files.readAllBytes(dir.resolve("capstan/bytes.rec"));
        String capstanBytesText = new String(capstanBytes, StandardCharsets.UTF_8);
        assertTrue(capstanBytesText.endsWith(" channel:stdout\n" + output + "\n--\n"), "the byte reader read it all: "
                + capstanBytesText);
        int head = capstanBytesText.indexOf(payloadHead);
        String payload = capstanBytesText.substring(head, capstanBytesText.length() - "\n--\n".length());
        assertTrue(capstanBytesText.contains(" len:" + payload.getBytes(StandardCharsets.UTF_8).length + " charlen:"
                + payload.length() + "\n"), capstanBytesText);
        assertEquals(bytes - chars, payload.getBytes(StandardCharsets.UTF_8).length - payload.length());

        String supervisordBytes = Files.readString(dir.resolve("supervisord/bytes.rec"));
        assertTrue(supervisordBytes.endsWith(output.substring(0, output.length() - (bytes - chars)) + "\n--\n"),
                "it read " + (bytes - chars) + " bytes too few: " + supervisordBytes);
    }

    /**
     * A program calls XML-RPC's {@code supervisor.sendRemoteCommEvent} through
     * supervisor.childutils.getRPCInterface (sender.py), with non-ASCII data; a character reader subscribed to
     * REMOTE_COMMUNICATION reads the same bytes from Capstan (len_unit = chars) as from supervisord.
     */
    @Test
    void remoteCommunicationFromXmlRpcReachesAListener() throws Exception {
        Path dir = workspace("remote");
        String text = String.join("\n",
                "[supervisord]",
                "nodaemon=true",
                "logfile=@DIR@/@RUNNER@/supervisord.log",
                "pidfile=@DIR@/@RUNNER@/supervisord.pid",
                "",
                "[unix_http_server]",
                "file=@DIR@/@RUNNER@/run/supervisor.sock",
                "",
                "[rpcinterface:supervisor]",
                "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
                "",
                "[program:sender]",
                "command=/usr/bin/python3 @DIR@/sender.py deploy 'v2 d\\u00e9j\\u00e0\\r\\nok'",
                "startsecs=0",
                "autorestart=false",
                "",
                "[eventlistener:remote]",
                "command=/usr/bin/python3 @DIR@/reader.py chars @DIR@/@RUNNER@/remote.rec",
                "events=REMOTE_COMMUNICATION",
                "len_unit=chars",
                "");
        for (String runner : List.of("capstan", "supervisord")) {
            Path conf = config(dir, runner, text);
            Path sockets = Files.createDirectories(dir.resolve(runner).resolve("run"));
            Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwx------"));
            try (ContainerRun run = ContainerRun.start("remote-" + runner,
                    runner.equals("capstan") ? capstan(conf) : supervisord(conf))) {
                awaitRecord(dir.resolve(runner).resolve("remote.rec"), run);
                run.stop();
                assertEquals(0, run.awaitExit(CONTAINER), run.output());
            }
        }
        // XML turns the \r\n of the call into \n, in supervisord's server as in Capstan's.
        String expected = "ver:3.0 server:supervisor serial:0 pool:remote poolserial:0 eventname:REMOTE_COMMUNICATION len:22\n"
                + "type:deploy\nv2 d\u00e9j\u00e0\nok\n--\n";
        assertEquals(expected, Files.readString(dir.resolve("supervisord/remote.rec")), "what supervisord sent");
        assertEquals(expected, Files.readString(dir.resolve("capstan/remote.rec")), "what Capstan sent");
    }

    /**
     * superlance's crashmail and fatalmailbatch (as written there, on supervisor.childutils) with
     * a sendmail stand-in: a program that dies unexpectedly after it started is mailed about at
     * once; a program that goes FATAL is mailed about in the next TICK_5 batch. The mails are the
     * same under Capstan and supervisord but for pids and times.
     */
    @Test
    void superlanceListenersMailUnderCapstanAsUnderSupervisord() throws Exception {
        Path dir = workspace("superlance");
        String text = String.join("\n",
                "[supervisord]",
                "nodaemon=true",
                "logfile=@DIR@/@RUNNER@/supervisord.log",
                "pidfile=@DIR@/@RUNNER@/supervisord.pid",
                "",
                "[program:dies]",
                "command=sh -c 'sleep 1.5; exit 7'",
                "autorestart=false",
                "",
                "[program:crashy]",
                "command=sh -c 'exit 3'",
                "startretries=1",
                "",
                "[eventlistener:crashmail]",
                "command=/usr/bin/python3 @DIR@/crashmail.py -a -m ops@example.com -s @DIR@/sendmail",
                "events=PROCESS_STATE_EXITED",
                "environment=MAILBOX=\"@DIR@/@RUNNER@/mailbox\"",
                "",
                "[eventlistener:fatalmailbatch]",
                "command=/usr/bin/python3 @DIR@/fatalmailbatch.py -t ops@example.com -f box@example.com -e TICK_5 -i 5"
                        + " -s @DIR@/sendmail",
                "events=PROCESS_STATE,TICK_5",
                "environment=MAILBOX=\"@DIR@/@RUNNER@/mailbox\"",
                "");
        for (String runner : List.of("capstan", "supervisord")) {
            Path conf = config(dir, runner, text);
            Path mailbox = dir.resolve(runner).resolve("mailbox");
            try (ContainerRun run = ContainerRun.start("superlance-" + runner,
                    runner.equals("capstan") ? capstan(conf) : supervisord(conf))) {
                long deadline = System.nanoTime() + CONTAINER.toNanos();
                while (mails(mailbox).size() < 2) {
                    assertTrue(System.nanoTime() < deadline, runner + ": two mails: " + mails(mailbox) + "\n" + run.output());
                    Thread.sleep(100);
                }
                run.stop();
                assertEquals(0, run.awaitExit(CONTAINER), run.output());
            }
        }
        List<String> capstan = mails(dir.resolve("capstan/mailbox")).stream().map(EventListenerIT::normalized).sorted().toList();
        List<String> supervisord = mails(dir.resolve("supervisord/mailbox")).stream().map(EventListenerIT::normalized).sorted().toList();
        assertEquals(supervisord, capstan);
        assertEquals(List.of(
                "To: ops@example.com\nFrom: box@example.com\nSubject: Fatal start alert from supervisord\n\n"
                        + "TIME -- Process crashy:crashy failed to start too many times",
                "To: ops@example.com\nSubject:  dies crashed at TIME\n\n"
                        + "Process dies in group dies exited unexpectedly (pid PID) from state RUNNING"), capstan);
    }

    /** Whether the distribution has the XML-RPC interface getRPCInterface talks to. */
    private static boolean xmlRpcInstalled() throws IOException {
        try (Stream<Path> jars = Files.walk(CapstanProcess.DIST.resolve("bundles"))) {
            return jars.anyMatch(p -> p.getFileName().toString().startsWith("dev.capstan.xmlrpc"));
        }
    }

    private static List<String> mails(Path mailbox) throws IOException {
        if (!Files.exists(mailbox)) {
            return List.of();
        }
        String all = Files.readString(mailbox);
        List<String> out = new java.util.ArrayList<>(List.of(all.split("\n\\.\n", -1)));
        out.remove(out.size() - 1);
        return out;
    }

    /** childutils.get_asctime's times and pids differ between runs. */
    private static String normalized(String mail) {
        return mail.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}", "TIME").replaceAll("pid \\d+", "pid PID");
    }

    /** A record without what differs between runs: the pid, and so the payload's len. */
    private static String withoutPid(String record) {
        return record.replaceAll("pid:\\d+", "pid:PID").replaceAll(" len:\\d+", " len:N");
    }

    private static void awaitRecord(Path record, ContainerRun run) throws Exception {
        long deadline = System.nanoTime() + CONTAINER.toNanos();
        while (!Files.exists(record) || !Files.readString(record).contains("\n--\n")) {
            assertTrue(System.nanoTime() < deadline, "no event recorded in " + record + ":\n" + run.output());
            Thread.sleep(50);
        }
    }
}
