package dev.capstan.config.ini;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The files an {@code [include] files =} pattern names, as supervisord's Python glob finds them:
 * relative to the directory of the file supervisord was started with, sorted, {@code *} not
 * crossing '/', hidden files matched only by a pattern that starts with '.'; a plain path
 * matches itself when it exists, whatever it is (the reader skips what it cannot read).
 */
final class IncludeFiles {

    private IncludeFiles() {
    }

    /** The patterns of a {@code files =} value: separated by any white space, as Python's str.split() separates them. */
    static List<String> patterns(String files) {
        List<String> patterns = new ArrayList<>();
        StringBuilder pattern = new StringBuilder();
        for (int i = 0; i <= files.length(); i++) {
            if (i == files.length() || IniParser.isSpace(files.charAt(i))) {
                if (pattern.length() > 0) {
                    patterns.add(pattern.toString());
                    pattern.setLength(0);
                }
            } else {
                pattern.append(files.charAt(i));
            }
        }
        return patterns;
    }

    static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
    }

    /**
     * What the pattern matches, sorted; for a plain path, that path if it exists, whatever it
     * is, so that reading it says what is wrong with it (a directory, a FIFO).
     */
    static List<Path> resolve(String pattern, Path baseDir) {
        Path full = baseDir.resolve(pattern).normalize();
        if (!isGlob(pattern)) {
            return Files.exists(full, LinkOption.NOFOLLOW_LINKS) ? List.of(full) : List.of();
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
