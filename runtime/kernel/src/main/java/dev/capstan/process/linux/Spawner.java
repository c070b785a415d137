package dev.capstan.process.linux;

import static dev.capstan.process.linux.Libc.IO;

import dev.capstan.process.SpawnException;
import dev.capstan.process.SpawnRequest;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Calls posix_spawnp for one child at a time. Not thread-safe: the caller holds the process
 * table's lock, which also keeps the reused native buffers here private to one spawn.
 *
 * <p>Every child gets {@code POSIX_SPAWN_SETSID} (it leads its own session and process group, so
 * its pgid is its pid), {@code SETSIGMASK} with an empty mask (HotSpot threads block SIGQUIT and
 * a child would inherit that) and {@code SETSIGDEF} for every signal (a JVM started with a signal
 * ignored would pass {@code SIG_IGN} on). These attributes never change, so they are built once.
 *
 * <p>Umask: posix_spawn has no umask attribute, and the child takes the umask its parent has at
 * the moment of the clone. So for a request with a umask the JVM's umask is set just around the
 * posix_spawnp call, under the spawn lock, and restored right after.
 * The price: a file another JVM thread creates inside that window gets the service's umask. The
 * alternative, exec through {@code sh -c 'umask 027; exec "$@"'}, costs one more exec per spawn,
 * puts a shell between argv and the kernel, and turns a missing command into exit 127 instead of
 * a {@link SpawnException} carrying the errno.
 */
final class Spawner implements AutoCloseable {

    private static final short POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final short POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final short POSIX_SPAWN_SETSID = 0x80;

    /** glibc x86-64 and aarch64 sizes are 336, 80 and 128 bytes; the spare room costs nothing. */
    private static final int ATTR_SIZE = 512;
    private static final int ACTIONS_SIZE = 256;
    private static final int SIGSET_SIZE = 128;

    /**
     * Signals 1 to 64 reset to SIG_DFL, but for KILL and STOP, which cannot be changed. This
     * includes glibc's internal 32 and 33: posix_spawn sets those to SIG_IGN in the child unless
     * they are in this set, and exec keeps SIG_IGN (seen as SigIgn 0x180000000).
     */
    private static final long DEFAULT_SIGNALS = -1L & ~bit(9) & ~bit(19);

    private final long attr = IO.allocateMemory(ATTR_SIZE, true);
    private final long actions = IO.allocateMemory(ACTIONS_SIZE, true);
    private final long pid = IO.allocateMemory(Integer.BYTES, true);
    private final NativeStringArray argvBuffer = new NativeStringArray();
    private final NativeStringArray envpBuffer = new NativeStringArray();

    Spawner() {
        require(Libc.posix_spawnattr_init(attr), "posix_spawnattr_init");
        require(Libc.posix_spawnattr_setflags(attr,
                (short) (POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF)),
                "posix_spawnattr_setflags");
        long set = IO.allocateMemory(SIGSET_SIZE, true);
        try {
            require(Libc.posix_spawnattr_setsigmask(attr, set), "posix_spawnattr_setsigmask");
            IO.putLong(set, DEFAULT_SIGNALS);
            require(Libc.posix_spawnattr_setsigdefault(attr, set), "posix_spawnattr_setsigdefault");
        } finally {
            IO.freeMemory(set); // the attributes hold copies
        }
    }

    /**
     * Starts {@code argv} (the request's own, or its setpriv form) with the request's fds,
     * directory, environment and umask.
     *
     * @return the child's pid
     */
    int spawn(SpawnRequest request, List<String> argv, ChildFds fds) throws SpawnException {
        String name = request.argv().get(0);
        int err = Libc.posix_spawn_file_actions_init(actions);
        if (err != 0) {
            throw new SpawnException("spawn " + name + ": posix_spawn_file_actions_init: " + Native.strerror(err), err);
        }
        try {
            err = fds.addTo(actions);
            if (err == 0 && request.directory().isPresent()) {
                err = Libc.posix_spawn_file_actions_addchdir_np(actions, request.directory().get().toString());
            }
            if (err != 0) {
                throw new SpawnException("spawn " + name + ": posix_spawn_file_actions: " + Native.strerror(err), err);
            }
            Charset charset = Charset.defaultCharset();
            long args = argvBuffer.of(argv, charset);
            long envp = envpBuffer.of(environment(request.environment()), charset);
            long file = IO.getAddress(args); // argv[0], already a C string
            int rc;
            if (request.umask().isPresent()) {
                int jvmUmask = Libc.umask(request.umask().get());
                try {
                    rc = Libc.posix_spawnp(pid, file, actions, attr, args, envp);
                } finally {
                    Libc.umask(jvmUmask);
                }
            } else {
                rc = Libc.posix_spawnp(pid, file, actions, attr, args, envp);
            }
            if (rc != 0) {
                throw failure(request, argv, rc);
            }
            return IO.getInt(pid);
        } finally {
            Libc.posix_spawn_file_actions_destroy(actions); // frees the chdir path; cannot fail
        }
    }

    /**
     * posix_spawnp reports a failed chdir, a failed exec and a missing setpriv all as one errno
     * from the child; say which one it was when the directory or the argv tells.
     */
    private static SpawnException failure(SpawnRequest request, List<String> argv, int errno) {
        String reason = Native.strerror(errno);
        String name = request.argv().get(0);
        Path dir = request.directory().orElse(null);
        if (dir != null && !Files.isDirectory(dir)) {
            return new SpawnException("spawn " + name + ": chdir " + dir + ": " + reason, errno);
        }
        if (!argv.get(0).equals(name)) {
            return new SpawnException("spawn " + name + ": " + argv.get(0) + ": " + reason, errno);
        }
        return new SpawnException("spawn " + name + ": " + reason, errno);
    }

    private static List<String> environment(Map<String, String> env) {
        List<String> envp = new ArrayList<>(env.size());
        for (Map.Entry<String, String> e : env.entrySet()) {
            envp.add(e.getKey() + "=" + e.getValue());
        }
        return envp;
    }

    @Override
    public void close() {
        require(Libc.posix_spawnattr_destroy(attr), "posix_spawnattr_destroy");
        argvBuffer.close();
        envpBuffer.close();
        IO.freeMemory(attr);
        IO.freeMemory(actions);
        IO.freeMemory(pid);
    }

    private static void require(int err, String call) {
        if (err != 0) {
            throw new NativeException(call, err);
        }
    }

    private static long bit(int signal) {
        return 1L << (signal - 1);
    }
}
