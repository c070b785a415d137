package dev.capstan.http.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Binding the control socket: what it creates, and what it refuses to take over. */
class UnixSocketFileTest {
    @TempDir
    Path dir;

    private static UnixSocketSettings settings(Path socket, String owner) {
        return new UnixSocketSettings(socket, 0600, owner, null, null);
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void aCreatedDirectoryAndTheSocketArePrivate() throws IOException {
        Path socket = dir.resolve("run/capstan.sock");
        try (ServerSocketChannel ignored = UnixSocketFile.bind(settings(socket, null), 4).channel()) {
            assertEquals("rwx------", mode(socket.getParent()));
            assertEquals("rw-------", mode(socket));
        }
    }

    @Test
    void withChownTheCreatedDirectoryLetsThatUserThroughAndStaysCapstans() throws IOException {
        assumeRoot();
        Path socket = dir.resolve("run/capstan.sock");
        try (ServerSocketChannel ignored = UnixSocketFile.bind(settings(socket, "nobody"), 4).channel()) {
            assertEquals("rwx--x--x", mode(socket.getParent()));
            assertEquals("root", Files.getOwner(socket.getParent()).getName());
            assertEquals("nobody", Files.getOwner(socket, LinkOption.NOFOLLOW_LINKS).getName());
        }
    }

    @Test
    void aDirectoryAnotherUserOwnsIsRefused() throws IOException {
        assumeRoot();
        Path theirs = Files.createDirectories(dir.resolve("theirs"));
        Files.setOwner(theirs, theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
        IOException e = assertThrows(IOException.class, () -> UnixSocketFile.bind(settings(theirs.resolve("c.sock"), null), 4));
        assertTrue(e.getMessage().contains("belongs to uid 65534"), e.getMessage());
        assertTrue(Files.notExists(theirs.resolve("c.sock")));
    }

    @Test
    void aDirectoryOthersMayWriteIsRefusedUnlessSticky() throws IOException {
        Path open = Files.createDirectories(dir.resolve("open"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        IOException e = assertThrows(IOException.class, () -> UnixSocketFile.bind(settings(open.resolve("c.sock"), null), 4));
        assertTrue(e.getMessage().contains("writable by other users and not sticky (mode 777)"), e.getMessage());
        Files.setAttribute(open, "unix:mode", 01777);
        try (ServerSocketChannel ignored = UnixSocketFile.bind(settings(open.resolve("c.sock"), null), 4).channel()) {
            assertTrue(Files.exists(open.resolve("c.sock")), "a sticky directory (as /tmp) is fine");
        }
    }

    @Test
    void aSymlinkFileOrDirectoryInTheSocketsPlaceIsRefusedAndLeftAlone() throws IOException {
        Path target = Files.writeString(dir.resolve("precious"), "data");
        Path link = Files.createSymbolicLink(dir.resolve("link.sock"), target);
        Path file = Files.writeString(dir.resolve("file.sock"), "data");
        Path directory = Files.createDirectories(dir.resolve("dir.sock"));
        for (Path p : new Path[] {link, file, directory}) {
            IOException e = assertThrows(IOException.class, () -> UnixSocketFile.bind(settings(p, null), 4));
            assertTrue(e.getMessage().contains("is in the socket's place"), e.getMessage());
        }
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("data", Files.readString(target));
        assertEquals("data", Files.readString(file));
        assertTrue(Files.isDirectory(directory));
    }

    @Test
    void aStaleSocketIsReplacedAndALiveOneIsNot() throws IOException {
        Path socket = dir.resolve("c.sock");
        try (ServerSocketChannel live = UnixSocketFile.bind(settings(socket, null), 4).channel()) {
            IOException e = assertThrows(IOException.class, () -> UnixSocketFile.bind(settings(socket, null), 4));
            assertTrue(e.getMessage().contains("another process listens on it"), e.getMessage());
        }
        assertTrue(Files.exists(socket), "closed, its file left behind as a killed server leaves it");
        try (ServerSocketChannel again = UnixSocketFile.bind(settings(socket, null), 4).channel()) {
            assertTrue(Files.exists(socket));
        }
    }

    private static void assumeRoot() throws IOException {
        assumeTrue((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0, "needs root");
    }
}
