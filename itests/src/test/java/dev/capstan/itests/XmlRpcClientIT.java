package dev.capstan.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.itests.ComparedServers.Side;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Python's xmlrpc.client (through supervisor's own SupervisorTransport, as supervisorctl) calls
 * every method of supervisord's interface and provokes every fault, against a real supervisord
 * and against Capstan on the same configuration; xmlrpc_calls.py prints each answer, normalized
 * where the two differ by nature or by design, and the two transcripts must be equal.
 */
class XmlRpcClientIT {

    static final String CONFIG = SupervisorctlIT.CONFIG + String.join("\n",
            "",
            "[program:slow]",
            "command = sleep 1000",
            "autostart = false",
            "startsecs = 3",
            "",
            "[program:stubborn]",
            "command = sh -c 'trap \"\" TERM; while :; do sleep 0.1; done'",
            "autostart = false",
            "stopwaitsecs = 5",
            "",
            "[program:notexec]",
            "command = %(here)s/notexec",
            "autostart = false",
            "",
            "[program:adir]",
            "command = %(here)s/logs",
            "autostart = false",
            "",
            "[program:echoer]",
            "command = sh -c 'while read line; do echo \"got $line\"; done'",
            // Capstan's key for a stdin pipe; supervisord ignores it (every process of its has one)
            "stdin_pipe = true",
            "");

    @Test
    void everyMethodAndFaultAnswersAsSupervisord() throws Exception {
        try (ComparedServers servers = ComparedServers.start("xmlrpc-client", CONFIG)) {
            servers.awaitRunning("web", "talker", "colors", "grp:*", "redir", "echoer");
            List<Process> runs = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            Path script = servers.capstan.dir.getParent().resolve("xmlrpc_calls.py");
            try (InputStream in = XmlRpcClientIT.class.getResourceAsStream("xmlrpc_calls.py")) {
                Files.write(script, in.readAllBytes());
            }
            for (Side side : List.of(servers.supervisord, servers.capstan)) {
                Path notExecutable = side.dir.resolve("notexec");
                Files.writeString(notExecutable, "#!/bin/sh\n");
                Files.setPosixFilePermissions(notExecutable, PosixFilePermissions.fromString("rw-r--r--"));
                Path out = side.dir.resolve("xmlrpc_calls.out");
                outputs.add(out);
                runs.add(new ProcessBuilder("/usr/bin/python3", script.toString(), side.socket.toString(),
                        side.dir.toString(), side.conf.toString())
                        .redirectErrorStream(true).redirectOutput(out.toFile()).start());
            }
            for (int i = 0; i < 2; i++) {
                assertTrue(runs.get(i).waitFor(5, TimeUnit.MINUTES), "xmlrpc_calls.py did not finish");
                assertEquals(0, runs.get(i).exitValue(), () -> "xmlrpc_calls.py failed:\n" + read(outputs.get(0))
                        + "\n---\n" + read(outputs.get(1)));
            }
            List<String> original = Files.readAllLines(outputs.get(0));
            List<String> capstan = Files.readAllLines(outputs.get(1));
            for (int i = 0; i < Math.min(original.size(), capstan.size()); i++) {
                assertEquals(original.get(i), capstan.get(i), "line " + (i + 1) + " of the transcripts");
            }
            assertEquals(original.size(), capstan.size(), "lines in the transcripts");
            assertTrue(original.size() > 200, "every method was called: " + original.size() + " calls");
            // shutdown, called last, ends both; the process that ignores SIGTERM is killed after stopwaitsecs
            assertEquals(0, servers.supervisordProcess().awaitExit(Duration.ofSeconds(60)));
            assertEquals(0, servers.capstanProcess().awaitExit(Duration.ofSeconds(60)));
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            return e.toString();
        }
    }
}
