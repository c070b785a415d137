package dev.capstan.config.s6;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.ConfigText;
import dev.capstan.config.spec.Location;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The reads a tree needs, each bounded and refusing what is not a regular file or a directory (a
 * FIFO would block the read forever). Problems go to the collector and the read goes on, so one
 * boot reports every problem of the tree.
 */
final class TreeFiles {
    /** s6's value files hold a number or a word: a few bytes. */
    static final int MAX_VALUE = 4096;
    /** A list of names ({@code dependencies}, {@code contents}). */
    static final int MAX_LIST = 64 * 1024;
    /** Far above any real tree; a directory this big is not one. */
    static final int MAX_ENTRIES = 10_000;

    private final TreeProblems problems;

    TreeFiles(TreeProblems problems) {
        this.problems = problems;
    }

    /**
     * The text of {@code file}, or empty when it does not exist (or could not be read: then a
     * problem is recorded).
     */
    Optional<String> text(Path file, int max) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Location where = Location.of(file.toString());
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigException(where, null, "not a regular file"));
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(max + 1);
            if (bytes.length > max) {
                problems.add(new ConfigException(where, null, "larger than " + max + " bytes; not what s6 expects here"));
                return Optional.empty();
            }
            return Optional.of(ConfigText.decode(bytes, where.atLine(1)));
        } catch (IOException e) {
            problems.add(new ConfigException(where, null, "cannot read: " + e.getMessage()));
            return Optional.empty();
        } catch (ConfigException e) {
            problems.add(e);
            return Optional.empty();
        }
    }

    /** The first line of a script, bounded: what its {@code #!} says. Empty when unreadable. */
    Optional<String> firstLine(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MAX_VALUE);
            int end = 0;
            while (end < head.length && head[end] != '\n') {
                end++;
            }
            return Optional.of(new String(head, 0, end, StandardCharsets.UTF_8));
        } catch (IOException e) {
            problems.add(new ConfigException(Location.of(file.toString()), null, "cannot read: " + e.getMessage()));
            return Optional.empty();
        }
    }

    /**
     * The entries of a directory whose names do not start with a dot, sorted as s6-sort sorts
     * (by bytes, which for these names is Java's order); empty when it does not exist.
     */
    List<Path> entries(Path dir) {
        List<Path> entries = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return entries;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                if (p.getFileName().toString().startsWith(".")) {
                    continue;
                }
                if (entries.size() == MAX_ENTRIES) {
                    problems.add(new ConfigException(Location.of(dir.toString()), null,
                            "more than " + MAX_ENTRIES + " entries; not an s6 tree?"));
                    break;
                }
                entries.add(p);
            }
        } catch (IOException e) {
            problems.add(new ConfigException(Location.of(dir.toString()), null, "cannot list: " + e.getMessage()));
        }
        entries.sort(null);
        return entries;
    }
}
