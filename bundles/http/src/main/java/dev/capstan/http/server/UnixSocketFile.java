package dev.capstan.http.server;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;

/**
 * Binds the control socket file, refusing what would let another user stand in for Capstan:
 * <ul>
 * <li>The directory must belong to Capstan's user or to root, and if group or others may write
 * it, it must be sticky (as /tmp is), so nobody else can replace the socket. A directory Capstan
 * creates is mode 0700 until the socket's mode and owner are set, so nobody reaches the socket
 * in between; with {@code chown=} it is then opened to 0711 for that user to pass through.</li>
 * <li>A socket left by a Capstan that died is replaced; one that answers is another server's.
 * A symlink, file or directory at the path is refused rather than deleted: supervisord deletes a
 * file or symlink there (and spins on a directory); Capstan stops and says why.</li>
 * </ul>
 *
 * @param channel the listening socket
 * @param self    the user Capstan runs as (the new file's owner)
 */
record UnixSocketFile(ServerSocketChannel channel, UserPrincipal self) {
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;
    private static final int S_IFLNK = 0120000;
    private static final int S_IFDIR = 0040000;
    private static final int S_ISVTX = 01000;
    private static final int WRITABLE_BY_OTHERS = 0022;

    static UnixSocketFile bind(UnixSocketSettings settings, int backlog) throws IOException {
        Path path = settings.path();
        Path dir = path.getParent();
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        boolean created = !Files.exists(dir);
        if (created) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        checkDirectory(dir, uid);
        removeStale(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path), backlog);
            UserPrincipal self = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(path, permissions(settings.mode()));
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            if (settings.owner() != null) {
                Files.setOwner(path, users.lookupPrincipalByName(settings.owner()));
            }
            if (settings.group() != null) {
                GroupPrincipal group = users.lookupPrincipalByGroupName(settings.group());
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
            }
            if (created && (settings.owner() != null || settings.group() != null)) {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
            }
            return new UnixSocketFile(channel, self);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    private static void checkDirectory(Path dir, int uid) throws IOException {
        int mode = (Integer) Files.getAttribute(dir, "unix:mode");
        int owner = (Integer) Files.getAttribute(dir, "unix:uid");
        if ((mode & S_IFMT) != S_IFDIR) {
            throw new IOException(dir + ": not a directory");
        }
        if (owner != uid && owner != 0) {
            throw new IOException(dir + ": the socket's directory belongs to uid " + owner
                    + ", not to Capstan's user (uid " + uid + ") or root: that user could replace the socket");
        }
        if ((mode & WRITABLE_BY_OTHERS) != 0 && (mode & S_ISVTX) == 0) {
            throw new IOException(dir + ": the socket's directory is writable by other users and not sticky (mode "
                    + Integer.toOctalString(mode & 07777) + "): they could replace the socket");
        }
    }

    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        int type = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & S_IFMT;
        if (type != S_IFSOCK) {
            String what = type == S_IFLNK ? "a symlink" : type == S_IFDIR ? "a directory" : "a file";
            throw new IOException(path + ": " + what + " is in the socket's place; remove it or configure another path");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException(path + ": another process listens on it (is Capstan already running?)");
        } catch (ConnectException stale) {
            Files.delete(path);
        }
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ ... OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (0400 >> i)) != 0) {
                set.add(bits[i]);
            }
        }
        return set;
    }
}
