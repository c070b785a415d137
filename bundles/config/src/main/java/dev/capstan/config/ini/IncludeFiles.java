package dev.capstan.config.ini;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files an {@code [include] files =} pattern names, as Python's glob finds them: relative
 * to the including file's directory, sorted, {@code *} not crossing '/', hidden files matched
 * only by a pattern that starts with '.'.
 */
final class IncludeFiles {

    private IncludeFiles() {
    }

    static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
    }

    /**
     * The regular files the pattern matches; for a plain path, that path if it exists, whatever
     * it is, so that reading it says what is wrong with it (a directory, a FIFO).
     */
    static List<Path> resolve(String pattern, Path baseDir) {
        Path full = baseDir.resolve(pattern).normalize();
        if (!isGlob(pattern)) {
            return Files.exists(full) ? List.of(full) : List.of();
        }
        Path root = full.getRoot() == null ? Path.of("") : full.getRoot();
        int first = 0;
        while (first < full.getNameCount() && !isGlob(full.getName(first).toString())) {
            root = root.resolve(full.getName(first));
            first++;
        }
        Path rest = full.subpath(first, full.getNameCount());
        PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + rest);
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        Path base = root;
        try (Stream<Path> walk = Files.walk(base, rest.getNameCount())) {
            return walk.filter(p -> !p.equals(base))
                    .filter(p -> base.relativize(p).getNameCount() == rest.getNameCount())
                    .filter(p -> matcher.matches(base.relativize(p)))
                    .filter(p -> !hiddenUnlessAsked(base.relativize(p), rest))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean hiddenUnlessAsked(Path relative, Path pattern) {
        for (int i = 0; i < relative.getNameCount(); i++) {
            if (relative.getName(i).toString().startsWith(".") && !pattern.getName(i).toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
