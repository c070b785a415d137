package dev.capstan.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Capstan of a fleet in the etcd tests: its own directory and socket, the node id in
 * {@code NODE_ID} as the seed's containers have it, the file's {@code [etcd]} section given.
 */
final class Fleet {

    private Fleet() {
    }

    /** A Capstan whose file holds {@code programs} and {@code [etcd] etcd}. */
    static CapstanProcess start(Path dir, String nodeId, String programs, String etcd) throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("capstan.conf");
        Files.writeString(conf, "[unix_http_server]\nfile = %(here)s/run/capstan.sock\n\n" + programs
                + "\n[etcd]\nnode = %(ENV_NODE_ID)s\n" + etcd);
        return CapstanProcess.start("etcd-" + dir.getParent().getFileName() + "-" + nodeId, List.of("env", "NODE_ID=" + nodeId),
                "-c", conf.toString());
    }

    static Capstanctl ctl(Path dir) {
        return new Capstanctl(dir.resolve("run/capstan.sock"));
    }

    /** Waits until {@code status NAME} matches, e.g. {@code RUNNING.*}; returns the line. */
    static String awaitStatus(Capstanctl ctl, String name, String regex) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String line = "";
        while (System.nanoTime() < deadline) {
            line = ctl.status(name);
            if (line.matches(Pattern.quote(name) + "\\s+" + regex)) {
                return line;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + ": no status matching " + regex + " within 30 s; last: " + line);
    }

    /** The pid in a status line, 0 when it shows none. */
    static int pid(String statusLine) {
        Matcher m = Pattern.compile("pid (\\d+)").matcher(statusLine);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    /** How often {@code text} occurs in the output. */
    static int count(String output, String text) {
        int n = 0;
        for (int at = output.indexOf(text); at >= 0; at = output.indexOf(text, at + 1)) {
            n++;
        }
        return n;
    }
}
