package dev.capstan.process.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.DirectoryListener;
import dev.capstan.process.DirectoryWatch;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Directory watches through inotify, read on the pipe threads: files that are written and closed,
 * moved in and out, touched and deleted are reported by name; a write still going on is not; a
 * deleted directory ends its watch; a closed watch hears nothing more.
 */
class DirectoryWatchTest extends KernelPerClass {

    @TempDir
    Path dir;

    /** What a listener heard, in order: names, "?" for lost changes, "END". */
    private static final class Heard implements DirectoryListener {
        private final List<String> events = new ArrayList<>();

        @Override
        public synchronized void changed(String name) {
            events.add(name == null ? "?" : name);
        }

        @Override
        public synchronized void ended() {
            events.add("END");
        }

        synchronized List<String> events() {
            return List.copyOf(events);
        }

        boolean await(String event) throws InterruptedException {
            return Proc.await(() -> events().contains(event), Duration.ofSeconds(10));
        }
    }

    @Test
    void filesThatComeChangeAndGoAreReportedByName() throws Exception {
        Path watched = Files.createDirectory(dir.resolve("deploy"));
        Heard heard = new Heard();
        try (DirectoryWatch w = kernel.watch(watched, heard)) {
            Files.writeString(watched.resolve("a.cfg"), "command = sleep 1\n");
            assertTrue(heard.await("a.cfg"), heard.events().toString());

            Path staged = Files.writeString(dir.resolve("b.jar"), "jar");
            Files.move(staged, watched.resolve("b.jar"), StandardCopyOption.ATOMIC_MOVE);
            assertTrue(heard.await("b.jar"), heard.events().toString());

            int before = heard.events().size();
            Files.move(watched.resolve("a.cfg"), dir.resolve("a.cfg"), StandardCopyOption.ATOMIC_MOVE);
            Files.delete(watched.resolve("b.jar"));
            assertTrue(Proc.await(() -> heard.events().subList(before, heard.events().size()).equals(List.of("a.cfg", "b.jar")),
                    Duration.ofSeconds(10)), heard.events().toString());

            // touch: a changed modification time is a change (FileInstall would see it), and one
            // of the directory itself is not about any file in it.
            Path touched = Files.writeString(dir.resolve("c.cfg"), "");
            Files.move(touched, watched.resolve("c.cfg"));
            assertTrue(heard.await("c.cfg"), heard.events().toString());
            int moved = heard.events().size();
            Files.setLastModifiedTime(watched, FileTime.fromMillis(0));
            Files.setLastModifiedTime(watched.resolve("c.cfg"), FileTime.fromMillis(0));
            assertTrue(Proc.await(() -> heard.events().size() > moved, Duration.ofSeconds(10)), heard.events().toString());
            assertEquals(List.of("c.cfg"), heard.events().subList(moved, heard.events().size()));
        }
    }

    @Test
    void aFileBeingWrittenIsReportedWhenItIsClosed() throws Exception {
        Heard heard = new Heard();
        try (DirectoryWatch w = kernel.watch(dir, heard);
                OutputStream out = Files.newOutputStream(dir.resolve("slow.jar"))) {
            assertTrue(heard.await("slow.jar"), "its creation: " + heard.events());
            int reported = heard.events().size();
            out.write("first half".getBytes(StandardCharsets.UTF_8));
            out.flush();
            // The marker comes after the write in inotify's queue: once it is heard, the write
            // would have been too.
            Files.writeString(dir.resolve("marker"), "");
            assertTrue(heard.await("marker"), heard.events().toString());
            assertEquals(List.of("marker"), heard.events().subList(reported, reported + 1),
                    "a write still going on was reported: " + heard.events());
            out.close();
            assertTrue(Proc.await(() -> heard.events().lastIndexOf("slow.jar") > heard.events().indexOf("marker"),
                    Duration.ofSeconds(10)), "the close: " + heard.events());
        }
    }

    @Test
    void aDeletedDirectoryEndsItsWatch() throws Exception {
        Path watched = Files.createDirectory(dir.resolve("gone"));
        Heard heard = new Heard();
        kernel.watch(watched, heard);
        Files.delete(watched);
        assertTrue(heard.await("END"), heard.events().toString());

        Path moved = Files.createDirectory(dir.resolve("moved"));
        Heard other = new Heard();
        kernel.watch(moved, other);
        Files.move(moved, dir.resolve("elsewhere"));
        assertTrue(other.await("END"), "a directory moved away is no longer the one watched: " + other.events());
    }

    @Test
    void aClosedWatchHearsNothingMoreAndOthersOfTheSameDirectoryStillDo() throws Exception {
        Heard closed = new Heard();
        Heard open = new Heard();
        DirectoryWatch first = kernel.watch(dir, closed);
        try (DirectoryWatch second = kernel.watch(dir, open)) {
            first.close();
            Files.writeString(dir.resolve("x.cfg"), "");
            assertTrue(open.await("x.cfg"), open.events().toString());
            assertEquals(List.of(), closed.events());
        }
    }

    @Test
    void whatCannotBeWatchedIsAnErrorNamingTheDirectory() throws IOException {
        Path missing = dir.resolve("missing");
        IOException e = assertThrows(IOException.class, () -> kernel.watch(missing, new Heard()));
        assertTrue(e.getMessage().startsWith(missing + ": inotify_add_watch: No such file or directory"), e.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "");
        e = assertThrows(IOException.class, () -> kernel.watch(file, new Heard()));
        assertTrue(e.getMessage().contains("Not a directory"), e.getMessage());
    }
}
