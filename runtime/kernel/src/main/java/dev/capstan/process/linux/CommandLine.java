package dev.capstan.process.linux;

import dev.capstan.process.Credentials;
import dev.capstan.process.SpawnException;
import dev.capstan.process.SpawnRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The argv posix_spawnp runs for a request: the request's own, or, to run as another user,
 * {@code setpriv --reuid=U --regid=G --init-groups -- /resolved/command args...}. setpriv
 * switches ids and execs in place, so the pid, session and group posix_spawn gave stay the
 * service's.
 */
final class CommandLine {

    /** What execvp uses when PATH is unset (glibc's confstr _CS_PATH). */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";

    private CommandLine() {
    }

    static List<String> of(SpawnRequest request) throws SpawnException {
        Optional<Credentials> user = request.user();
        if (user.isEmpty()) {
            return request.argv();
        }
        Credentials u = user.get();
        List<String> argv = new ArrayList<>(request.argv().size() + 5);
        argv.add("setpriv");
        argv.add("--reuid=" + u.uid());
        argv.add("--regid=" + u.gid());
        // --init-groups looks the user up in /etc/passwd; without an entry there are no groups to add.
        argv.add(u.inPasswd() ? "--init-groups" : "--clear-groups");
        argv.add("--");
        argv.add(resolve(request.argv().get(0), request.directory().orElse(null)).toString());
        argv.addAll(request.argv().subList(1, request.argv().size()));
        return argv;
    }

    /**
     * Finds the command the way posix_spawnp would (relative to the child's directory when it has
     * a slash, else in this process's PATH), so that a missing or non-executable command fails
     * the spawn with its errno here instead of as setpriv's exit status 127 later. Whether the
     * target user may execute it is left to the exec.
     */
    private static Path resolve(String command, Path dir) throws SpawnException {
        if (command.contains("/")) {
            Path path = dir == null ? Path.of(command) : dir.resolve(command);
            if (!Files.exists(path)) {
                throw missing(command, Native.ENOENT);
            }
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw missing(command, Native.EACCES);
            }
            return path;
        }
        String pathVar = System.getenv("PATH");
        boolean denied = false;
        for (String entry : (pathVar == null ? DEFAULT_PATH : pathVar).split(":")) {
            Path candidate = Path.of(entry.isEmpty() ? "." : entry, command);
            if (Files.isRegularFile(candidate)) {
                if (Files.isExecutable(candidate)) {
                    return candidate.toAbsolutePath();
                }
                denied = true;
            }
        }
        // Like execvp: a command found only without execute permission reports EACCES.
        throw missing(command, denied ? Native.EACCES : Native.ENOENT);
    }

    private static SpawnException missing(String command, int errno) {
        return new SpawnException("spawn " + command + ": " + Native.strerror(errno), errno);
    }
}
