package dev.capstan.config.s6;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.Values;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The value files of s6 and s6-rc, read as they read them: a number or a word, trailing newlines
 * ignored; lists one name per line ({@code #} comments and blank lines skipped) or one empty file
 * per name in a {@code .d} directory. A bad value is a problem at {@code file:1}.
 */
final class TreeValues {

    private final TreeFiles files;
    private final TreeProblems problems;

    TreeValues(TreeFiles files, TreeProblems problems) {
        this.files = files;
        this.problems = problems;
    }

    static boolean isDecimal(String text, int maxDigits) {
        if (text.isEmpty() || text.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The file's content without its trailing newlines (and spaces), or empty when it does not exist. */
    Optional<String> word(Path file) {
        Optional<String> text = files.text(file, TreeFiles.MAX_VALUE);
        return text.isEmpty() ? text : Optional.of(chomp(text.get()));
    }

    /** A number of milliseconds (or any unsigned number), as s6-rc's uint scan reads it. */
    Long number(Path file) {
        Optional<String> text = word(file);
        if (text.isEmpty()) {
            return null;
        }
        if (!isDecimal(text.get(), 10) || Long.parseLong(text.get()) > 0xFFFF_FFFFL) {
            problems.add(new ConfigException(at(file), name(file) + "=" + text.get(), "not an unsigned decimal number"));
            return null;
        }
        return Long.parseLong(text.get());
    }

    /** {@code down-signal}: a name ({@code TERM}, {@code SIGTERM}) or a number. */
    String signal(Path file) {
        Optional<String> text = word(file);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Values.signal(text.get()).name();
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigException(at(file), name(file) + "=" + text.get(), e.getMessage()));
            return null;
        }
    }

    /**
     * The names of {@code dir/NAME.d} (one entry per name) or else of {@code dir/NAME} (one per
     * line), as s6-rc-compile reads {@code dependencies.d} and {@code dependencies}; empty when
     * neither exists.
     */
    List<Definition.Reference> names(Path dir, String name) {
        List<Definition.Reference> names = new ArrayList<>();
        Path listing = dir.resolve(name + ".d");
        if (Files.isDirectory(listing)) {
            for (Path entry : files.entries(listing)) {
                names.add(new Definition.Reference(entry.getFileName().toString(), Location.of(entry.toString())));
            }
            return names;
        }
        Path file = dir.resolve(name);
        names.addAll(lines(file));
        return names;
    }

    /** A file of names, one per line. */
    List<Definition.Reference> lines(Path file) {
        List<Definition.Reference> names = new ArrayList<>();
        Optional<String> text = files.text(file, TreeFiles.MAX_LIST);
        if (text.isEmpty()) {
            return names;
        }
        String[] lines = text.get().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.isEmpty() && !line.startsWith("#")) {
                names.add(new Definition.Reference(line, new Location(file.toString(), i + 1)));
            }
        }
        return names;
    }

    static Location at(Path file) {
        return new Location(file.toString(), 1);
    }

    private static String name(Path file) {
        return file.getFileName().toString();
    }

    private static String chomp(String text) {
        int end = text.length();
        while (end > 0 && (text.charAt(end - 1) == '\n' || text.charAt(end - 1) == ' ' || text.charAt(end - 1) == '\t')) {
            end--;
        }
        return text.substring(0, end);
    }
}
