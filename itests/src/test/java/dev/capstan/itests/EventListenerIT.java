package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * supervisord's event listeners, run by Capstan and by Debian's real supervisord 4.2.5 on the
 * same configuration file, each as the PID 1 of a PID namespace: what each listener read, byte
 * for byte, is compared, or what they did. The listeners are a Python script written as the real
 * one is (the crash-loop breaker of the chrome image family), a byte reader and a character reader
 * of the protocol (bundles/events' test listener), and the real superlance 2.0.0's crashmail,
 * fatalmailbatch and httpok: superlance is not on PyPI's reach here nor packaged by Debian, so its
 * package is vendored, unmodified, in the test resources (src/test/resources/superlance, with its
 * license), and runs on Debian's python3 and supervisor module.
 */
class EventListenerIT {
    /**
     * The head of a file whose programs call back (supervisor.childutils, superlance): the server on
     * a socket of each runner's own, with supervisord's interface, as supervisor's sample file has it.
     */
    private static final String SERVED = String.join("\n",
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
            "");

    private static final Path SCRIPTS = Path.of("src/test/resources/dev/capstan/itests/events").toAbsolutePath();
    private static final Path SUPERLANCE = Path.of("src/test/resources/superlance").toAbsolutePath();
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
        for (String script : List.of("breaker.py", "sendmail", "sender.py", "smtpsink.py")) {
            Files.copy(SCRIPTS.resolve(script), dir.resolve(script));
            Files.setPosixFilePermissions(dir.resolve(script), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        try (Stream<Path> vendored = Files.walk(SUPERLANCE)) {
            for (Path p : vendored.toList()) {
                Path copy = dir.resolve("superlance").resolve(SUPERLANCE.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(p, copy);
                }
            }
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
                SERVED,
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
            socketDirectory(dir, runner);
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
     * The real superlance 2.0.0 (vendored in the test resources, run with Debian's python3 and
     * supervisor module): crashmail mails through the sendmail stand-in at once when a program that
     * had started dies unexpectedly; fatalmailbatch collects PROCESS_STATE_FATAL and, at the next
     * TICK_5 (its interval is a fraction of a minute), mails the batch by SMTP to a sink the test
     * runs. Both refuse to run without SUPERVISOR_SERVER_URL, so the file has a server. The mails are
     * the same under Capstan and supervisord but for times, pids and message ids.
     */
    @Test
    void superlanceMailsUnderCapstanAsUnderSupervisord() throws Exception {
        Path dir = workspace("superlance");
        String text = String.join("\n",
                SERVED,
                "[program:dies]",
                "command=sh -c 'sleep 1.5; exit 7'",
                "autorestart=false",
                "",
                "[program:crashy]",
                "command=sh -c 'exit 3'",
                "startretries=1",
                "",
                "[eventlistener:crashmail]",
                "command=/usr/bin/python3 -m superlance.crashmail -a -m ops@example.com -s @DIR@/sendmail",
                "events=PROCESS_STATE_EXITED",
                "environment=PYTHONPATH=\"@DIR@/superlance\",MAILBOX=\"@DIR@/@RUNNER@/mailbox\"",
                "",
                "[eventlistener:fatalmailbatch]",
                "command=/usr/bin/python3 -m superlance.fatalmailbatch -t ops@example.com -f box@example.com"
                        + " -e TICK_5 -i 0.05 -H 127.0.0.1:@SMTP@",
                "events=PROCESS_STATE,TICK_5",
                "environment=PYTHONPATH=\"@DIR@/superlance\"",
                "");
        for (String runner : List.of("capstan", "supervisord")) {
            Path mailbox = dir.resolve(runner).resolve("mailbox");
            Path smtpbox = dir.resolve(runner).resolve("smtp");
            try (SmtpSink sink = SmtpSink.start(dir, smtpbox)) {
                Path conf = config(dir, runner, text.replace("@SMTP@", Integer.toString(sink.port)));
                socketDirectory(dir, runner);
                try (ContainerRun run = ContainerRun.start("superlance-" + runner,
                        runner.equals("capstan") ? capstan(conf) : supervisord(conf))) {
                    long deadline = System.nanoTime() + CONTAINER.toNanos();
                    while (mails(mailbox).isEmpty() || mails(smtpbox).isEmpty()) {
                        assertTrue(System.nanoTime() < deadline, runner + ": a mail from each: " + mails(mailbox)
                                + mails(smtpbox) + "\n" + run.output());
                        Thread.sleep(100);
                    }
                    run.stop();
                    assertEquals(0, run.awaitExit(CONTAINER), run.output());
                }
            }
        }
        for (String box : List.of("mailbox", "smtp")) {
            assertEquals(normalizedMails(dir.resolve("supervisord").resolve(box)),
                    normalizedMails(dir.resolve("capstan").resolve(box)), box);
        }
        assertEquals(List.of("To: ops@example.com\nSubject:  dies crashed at TIME\n\n"
                + "Process dies in group dies exited unexpectedly (pid PID) from state RUNNING"),
                normalizedMails(dir.resolve("capstan/mailbox")), "crashmail, through sendmail");
        assertEquals(List.of("mail FROM:<box@example.com>\nrcpt TO:<ops@example.com>\n\n"
                + "Content-Type: text/plain; charset=\"us-ascii\"\nMIME-Version: 1.0\nContent-Transfer-Encoding: 7bit\n"
                + "Subject: Fatal start alert from supervisord\nFrom: box@example.com\nTo: ops@example.com\n"
                + "Date: DATE\nMessage-ID: ID\n\n"
                + "TIME -- Process crashy:crashy failed to start too many times"),
                normalizedMails(dir.resolve("capstan/smtp")), "fatalmailbatch, by SMTP");
    }

    /**
     * The real superlance 2.0.0's httpok, on TICK_5, watches a web server the supervisor runs (Python's
     * http.server, which writes the page it serves when it starts). The test deletes the page: at
     * the next tick httpok gets a 404 and, through supervisor.childutils.getRPCInterface, asks the
     * supervisor over XML-RPC for every process's state, stops the server and starts it again, and
     * mails what it did through the sendmail stand-in. Under Capstan as under supervisord the server
     * is started twice and the mail, but for the port, is the same. httpok runs with {@code -E}
     * (it looks only while the server is RUNNING), so a tick during the boot finds no closed port.
     */
    @Test
    void superlanceHttpokRestartsAFailingServerThroughXmlRpc() throws Exception {
        Path dir = workspace("httpok");
        String text = String.join("\n",
                SERVED,
                "[program:web]",
                "command=sh -c 'echo ok > @DIR@/@RUNNER@/www/health; echo start >> @DIR@/@RUNNER@/starts;"
                        + " exec /usr/bin/python3 -m http.server @PORT@ --bind 127.0.0.1 --directory @DIR@/@RUNNER@/www'",
                "stderr_logfile=@DIR@/@RUNNER@/web.log",
                "",
                "[eventlistener:httpok]",
                "command=/usr/bin/python3 -m superlance.httpok -E -p web -t 5 -m ops@example.com -s @DIR@/sendmail"
                        + " http://127.0.0.1:@PORT@/health",
                "events=TICK_5",
                "environment=PYTHONPATH=\"@DIR@/superlance\",MAILBOX=\"@DIR@/@RUNNER@/mailbox\"",
                "");
        Map<String, Integer> ports = new HashMap<>();
        for (String runner : List.of("capstan", "supervisord")) {
            int port = freePort();
            ports.put(runner, port);
            Path conf = config(dir, runner, text.replace("@PORT@", Integer.toString(port)));
            socketDirectory(dir, runner);
            Path records = dir.resolve(runner);
            Files.createDirectories(records.resolve("www"));
            try (ContainerRun run = ContainerRun.start("httpok-" + runner,
                    runner.equals("capstan") ? capstan(conf) : supervisord(conf))) {
                // httpok found the page once; then it is gone, and httpok restarts the server
                awaitCount(records.resolve("web.log"), "\"GET /health HTTP/1.1\" 200", 1, run);
                Files.delete(records.resolve("www/health"));
                awaitCount(records.resolve("web.log"), "\"GET /health HTTP/1.1\" 404", 1, run);
                long deadline = System.nanoTime() + CONTAINER.toNanos();
                while (mails(records.resolve("mailbox")).isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, runner + ": httpok's mail:\n" + run.output());
                    Thread.sleep(100);
                }
                // the restarted server serves the page it wrote again, and httpok is content
                awaitCount(records.resolve("web.log"), "\"GET /health HTTP/1.1\" 200", 2, run);
                run.stop();
                assertEquals(0, run.awaitExit(CONTAINER), run.output());
            }
            assertEquals("start\nstart\n", Files.readString(records.resolve("starts")),
                    runner + ": started at boot and once by httpok");
        }
        List<String> mails = new ArrayList<>();
        for (String runner : List.of("capstan", "supervisord")) {
            mails.add(Files.readString(dir.resolve(runner).resolve("mailbox"))
                    .replace("127.0.0.1:" + ports.get(runner), "127.0.0.1:PORT"));
        }
        assertEquals(mails.get(1), mails.get(0), "httpok's mail under Capstan and under supervisord");
        assertEquals("To: ops@example.com\nSubject: httpok: http://127.0.0.1:PORT/health: bad status returned\n\n"
                + "status contacting http://127.0.0.1:PORT/health: 404 File not found\n"
                + "Restarting selected processes ['web']\nweb is in RUNNING state, restarting\nweb restarted\n.\n",
                mails.get(0));
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
        List<String> out = new ArrayList<>(List.of(all.split("\n\\.\n", -1)));
        out.remove(out.size() - 1);
        return out;
    }

    /**
     * The mails of a mailbox without what differs between runs: childutils.get_asctime's times,
     * pids, and a MIME message's Date and Message-ID.
     */
    private static List<String> normalizedMails(Path mailbox) throws IOException {
        return mails(mailbox).stream()
                .map(mail -> mail.replaceAll("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}", "TIME")
                        .replaceAll("pid \\d+", "pid PID")
                        .replaceAll("(?m)^Date: .*$", "Date: DATE")
                        .replaceAll("(?m)^Message-ID: .*$", "Message-ID: ID"))
                .toList();
    }

    /** The control socket's directory is the supervisor's alone: Capstan refuses one others may write to. */
    private static void socketDirectory(Path dir, String runner) throws IOException {
        Path sockets = Files.createDirectories(dir.resolve(runner).resolve("run"));
        Files.setPosixFilePermissions(sockets, PosixFilePermissions.fromString("rwx------"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Waits until a file holds a text {@code count} times. */
    private static void awaitCount(Path file, String text, int count, ContainerRun run) throws Exception {
        long deadline = System.nanoTime() + CONTAINER.toNanos();
        while (!Files.exists(file) || Files.readString(file).split(Pattern.quote(text), -1).length - 1 < count) {
            assertTrue(System.nanoTime() < deadline, count + " times " + text + " in " + file + ":\n" + run.output());
            Thread.sleep(50);
        }
    }

    /**
     * smtpsink.py, started by the test outside the container (the container shares the network),
     * on a free loopback port it reports on its first line; closing it kills it.
     */
    private static final class SmtpSink implements AutoCloseable {
        private final Process process;
        final int port;

        private SmtpSink(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static SmtpSink start(Path dir, Path mailbox) throws IOException {
            Process p = new ProcessBuilder("/usr/bin/python3", dir.resolve("smtpsink.py").toString(), mailbox.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                String line = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.US_ASCII)).readLine();
                return new SmtpSink(p, Integer.parseInt(line.trim()));
            } catch (IOException | RuntimeException e) {
                p.destroyForcibly();
                throw new IOException("the SMTP sink did not start", e);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
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
