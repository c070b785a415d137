package dev.capstan.process.linux;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/** This JVM's open pipes and sockets, to find those a test's spawns left open. */
final class OpenFds {

    private OpenFds() {
    }

    /** The pipe and socket fds open now that were not in {@code before}, with what they point at. */
    static Set<String> pipesAndSocketsAdded(Set<Integer> before) throws IOException {
        Set<String> added = new TreeSet<>();
        for (int fd : Proc.fds(Proc.SELF)) {
            if (!before.contains(fd)) {
                try {
                    String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
                    if (target.startsWith("pipe:") || target.startsWith("socket:")) {
                        added.add(fd + " " + target);
                    }
                } catch (NoSuchFileException e) {
                    // closed since
                }
            }
        }
        return added;
    }
}
