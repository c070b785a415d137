package dev.capstan.control;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;

/**
 * Binds the control socket file. A directory Capstan creates for it is mode 0700, so nobody can
 * reach the socket in the moment between bind and chmod; an existing directory (e.g. /var/run)
 * is left alone. A socket left by a Capstan that died is replaced; one that still answers is not.
 *
 * @param channel the listening socket
 * @param self    the user Capstan runs as (the new file's owner)
 * @param owner   the socket's owner after chown (or {@code self})
 */
record SocketFile(ServerSocketChannel channel, UserPrincipal self, UserPrincipal owner) {

    static SocketFile bind(SocketSettings settings) throws IOException {
        Path path = settings.path();
        Path dir = path.getParent();
        boolean created = !Files.isDirectory(dir);
        if (created) {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        }
        removeStale(path);
        ServerSocketChannel channel = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.bind(UnixDomainSocketAddress.of(path), Protocol.MAX_CLIENTS);
            UserPrincipal self = Files.getOwner(path, LinkOption.NOFOLLOW_LINKS);
            Files.setPosixFilePermissions(path, settings.mode());
            UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
            UserPrincipal owner = self;
            if (settings.owner() != null) {
                owner = users.lookupPrincipalByName(settings.owner());
                Files.setOwner(path, owner);
                if (created) {
                    // The owner must be able to reach the socket through the private directory.
                    Files.setOwner(dir, owner);
                }
            }
            if (settings.group() != null) {
                GroupPrincipal group = users.lookupPrincipalByGroupName(settings.group());
                Files.getFileAttributeView(path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setGroup(group);
            }
            return new SocketFile(channel, self, owner);
        } catch (IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    private static void removeStale(Path path) throws IOException {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther()) {
            throw new IOException(path + ": exists and is not a socket");
        }
        try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            throw new IOException(path + ": another process listens on it (is Capstan already running?)");
        } catch (ConnectException stale) {
            Files.delete(path);
        }
    }
}
