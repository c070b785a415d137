package dev.capstan.config.ini;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The INI syntax as supervisord 4 reads it (Python's RawConfigParser with
 * {@code inline_comment_prefixes=(';', '#')}): {@code key = value} or {@code key: value}, keys in
 * any case (lower-cased), full-line comments starting with ';' or '#', inline comments starting
 * at a ';' or '#' that follows whitespace (so {@code sh -c 'a ; b'} is cut, as in supervisord),
 * and continuation lines indented deeper than their key. Stricter than supervisord where it would
 * silently merge: a duplicate section or key is an error.
 */
final class IniParser {

    private IniParser() {
    }

    static List<IniSection> parse(String text, Path file) {
        return parse(text, file.toString(), file);
    }

    /**
     * @param fileName what locations name: the file, or a bundle resource
     * @param file     the file, whose directory is {@code %(here)s}; null for text that is not a file
     */
    static List<IniSection> parse(String text, String fileName, Path file) {
        List<IniSection> sections = new ArrayList<>();
        Map<String, Location> seen = new HashMap<>();
        KeyValues current = null;
        String key = null;
        int keyIndent = 0;
        List<String> value = new ArrayList<>();
        List<String> lines = lines(text);
        for (int i = 0; i < lines.size(); i++) {
            Location where = new Location(fileName, i + 1);
            String line = lines.get(i);
            String stripped = line.strip();
            boolean commentLine = stripped.startsWith("#") || stripped.startsWith(";");
            String content = commentLine ? "" : line.substring(0, inlineCommentStart(line)).strip();
            if (content.isEmpty()) {
                if (!commentLine && key != null) {
                    value.add(""); // an empty line inside a value, kept only if the value goes on
                }
                continue;
            }
            int indent = indentOf(line);
            if (key != null && indent > keyIndent) {
                value.add(content);
                continue;
            }
            if (key != null) {
                current.put(key, join(value), current.location(key));
                key = null;
            }
            if (content.startsWith("[")) {
                if (!content.endsWith("]") || content.length() < 3) {
                    throw new ConfigException(where, content, "malformed section header, expected [name]");
                }
                String name = content.substring(1, content.length() - 1).strip();
                Location first = seen.putIfAbsent(name, where);
                if (first != null) {
                    throw new ConfigException(where, "[" + name + "]", "duplicate section (first at line " + first.line() + ")");
                }
                current = new KeyValues(where);
                sections.add(new IniSection(name, current, file));
                continue;
            }
            int delimiter = delimiterIndex(content);
            if (current == null) {
                throw new ConfigException(where, null, "'" + content + "' comes before any [section] header");
            }
            if (delimiter < 0) {
                throw new ConfigException(where, content, "expected key = value");
            }
            key = content.substring(0, delimiter).strip().toLowerCase(Locale.ROOT);
            if (key.isEmpty()) {
                throw new ConfigException(where, content, "no key before '" + content.charAt(delimiter) + "'");
            }
            if (current.has(key)) {
                throw new ConfigException(where, key,
                        "duplicate key in [" + sections.get(sections.size() - 1).name() + "] (first at line "
                                + current.location(key).line() + ")");
            }
            keyIndent = indent;
            value.clear();
            value.add(content.substring(delimiter + 1).strip());
            current.put(key, "", where);
        }
        if (key != null) {
            current.put(key, join(value), current.location(key));
        }
        return sections;
    }

    /**
     * The lines of the text, ended by \n, \r\n or \r; a last line without an end counts, even an
     * empty one. What {@code split("\r?\n|\r", -1)} gives, without a regular expression matched
     * at every character of a file of 1000 services.
     */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(text.substring(start, i));
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        lines.add(text.substring(start));
        return lines;
    }

    /** Where an inline comment starts: the first ';' or '#' at the start or after whitespace. */
    static int inlineCommentStart(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c == ';' || c == '#') && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return i;
            }
        }
        return line.length();
    }

    /** The first '=' or ':', whichever comes first, as Python's OPTCRE finds it. */
    private static int delimiterIndex(String content) {
        int eq = content.indexOf('=');
        int colon = content.indexOf(':');
        if (eq < 0) {
            return colon;
        }
        return colon < 0 ? eq : Math.min(eq, colon);
    }

    private static int indentOf(String line) {
        int n = 0;
        while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
            n++;
        }
        return n;
    }

    /** Lines of a value joined with newlines; trailing empty lines dropped, as ConfigParser does. */
    private static String join(List<String> lines) {
        return String.join("\n", lines).stripTrailing();
    }
}
