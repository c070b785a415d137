package dev.capstan.api;

import dev.capstan.process.Credentials;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real user and group Capstan runs as, from /proc/self/status, read once. supervisord starts a
 * process whose {@code user =} is its own user without switching (and a Capstan that is not root
 * could not switch: setpriv needs root to set the groups); and {@code [supervisord] user =} must be
 * it already.
 */
public final class OwnUser {

    private static final int UID = id("Uid:");
    private static final int GID = id("Gid:");

    private OwnUser() {
    }

    /** The real uid, or -1 where /proc cannot tell. */
    public static int uid() {
        return UID;
    }

    /** The real gid, or -1 where /proc cannot tell. */
    public static int gid() {
        return GID;
    }

    /** Whether a process started as {@code user} runs as Capstan already: nothing to switch. */
    public static boolean is(Credentials user) {
        return user.uid() == UID && user.gid() == GID;
    }

    /** {@code Uid:	real	effective	saved	fs}: the real one. */
    private static int id(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.US_ASCII)) {
                if (line.startsWith(field)) {
                    return Integer.parseInt(line.substring(field.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no /proc: every user= is switched to
        }
        return -1;
    }
}
