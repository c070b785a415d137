package dev.capstan.itests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What /proc says about the processes a test started. */
final class Procfs {
    private Procfs() {
    }

    /** Direct children of a process, from every thread's children list. */
    static List<Long> children(long pid) throws IOException {
        List<Long> out = new ArrayList<>();
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(tasks)) {
            return out;
        }
        try (Stream<Path> s = Files.list(tasks)) {
            for (Path t : s.toList()) {
                try {
                    String text = Files.readString(t.resolve("children")).trim();
                    if (!text.isEmpty()) {
                        for (String c : text.split("\\s+")) {
                            out.add(Long.parseLong(c));
                        }
                    }
                } catch (IOException threadGone) {
                    // a thread ended while we listed them
                }
            }
        }
        return out;
    }

    /** The one-letter state (R, S, Z...) of a process, or null when it is gone. */
    static String state(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("State:")) {
                    return line.substring(6).trim().substring(0, 1);
                }
            }
        } catch (IOException gone) {
            return null;
        }
        return null;
    }

    /** The command line of a process, words joined by spaces, or "" when it is gone. */
    static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"))).replace('\0', ' ').trim();
        } catch (IOException gone) {
            return "";
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static boolean onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
