package dev.capstan.config.ini;

import dev.capstan.config.spec.ConfigException;
import dev.capstan.config.spec.KeyValues;
import dev.capstan.config.spec.Location;
import dev.capstan.config.spec.Warnings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The INI syntax exactly as supervisord 4 reads it: Python's RawConfigParser with
 * {@code inline_comment_prefixes=(';', '#')} and {@code strict=False} (CPython's
 * configparser._read):
 * <ul>
 * <li>{@code key = value} or {@code key: value}, split at the first '=' or ':'; keys lower-cased;</li>
 * <li>a line whose first non-blank character is ';' or '#' is a comment; a ';' or '#' that
 * follows whitespace starts an inline comment (so {@code sh -c 'a ; b'} is cut, as in
 * supervisord), found as ConfigParser finds it;</li>
 * <li>a line indented deeper than its key continues the value; blank lines inside a value are
 * kept, trailing ones dropped;</li>
 * <li>{@code [name]} is a section header up to the last ']', its name kept as written;</li>
 * <li>a section given twice is merged into the first, and a key given twice keeps its last value:
 * each is a warning with both places;</li>
 * <li>a line that is neither is an error, and all such lines of a file are reported together.</li>
 * </ul>
 */
final class IniParser {

    private IniParser() {
    }

    /**
     * One file's sections in the order they first appear, duplicates merged.
     *
     * @param fileName what locations name: the file, or a bundle resource
     * @param errors   receives each line that is neither a comment, a header, a key nor a continuation
     * @throws ConfigException when a key comes before any section header (ConfigParser stops there too)
     */
    static List<IniSection> parse(String text, String fileName, Warnings warnings, List<ConfigException> errors) {
        Map<String, IniSection> sections = new LinkedHashMap<>();
        IniSection current = null;
        String key = null; // the key that a deeper-indented line continues
        int indentLevel = 0;
        Map<String, List<String>> lines = new LinkedHashMap<>(); // the value lines of each key of the current section
        List<String> all = lines(text);
        for (int i = 0; i < all.size(); i++) {
            Location where = new Location(fileName, i + 1);
            String line = all.get(i);
            int commentStart = commentStart(line);
            String value = strip(line.substring(0, commentStart));
            if (value.isEmpty()) {
                if (commentStart == line.length() && current != null && key != null) {
                    lines.get(key).add(""); // kept only if the value goes on
                }
                continue;
            }
            int indent = indentOf(line);
            if (current != null && key != null && indent > indentLevel) {
                lines.get(key).add(value);
                continue;
            }
            indentLevel = indent;
            int close = value.lastIndexOf(']');
            if (value.startsWith("[") && close > 1) {
                join(current, lines);
                String name = value.substring(1, close);
                current = sections.get(name);
                if (current == null) {
                    current = new IniSection(name, new KeyValues(where));
                    sections.put(name, current);
                } else {
                    warnings.add(where, "[" + name + "]", "section given again (first at line " + current.header().line()
                            + "); merged into it, a later key replacing an earlier one, as supervisord does");
                    for (String k : current.values().keys()) {
                        lines.put(k, new ArrayList<>(List.of(current.values().get(k))));
                    }
                }
                key = null;
                continue;
            }
            if (current == null) {
                throw new ConfigException(where, null, "'" + value + "' comes before any [section] header");
            }
            int delimiter = delimiterIndex(value);
            if (delimiter < 0) {
                errors.add(new ConfigException(where, value, "expected key = value"));
                continue;
            }
            String name = strip(value.substring(0, delimiter)).toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                errors.add(new ConfigException(where, value, "no key before '" + value.charAt(delimiter) + "'"));
                continue;
            }
            KeyValues values = current.values();
            if (values.has(name)) {
                warnings.add(where, name, "given again in [" + current.name() + "] (first at line "
                        + values.location(name).line() + "); the later value is used, as supervisord uses it");
            }
            key = name;
            List<String> valueLines = new ArrayList<>();
            valueLines.add(strip(value.substring(delimiter + 1)));
            lines.put(name, valueLines);
            values.put(name, "", where);
        }
        join(current, lines);
        return new ArrayList<>(sections.values());
    }

    /** Sets the section's values from their lines: joined with newlines, trailing blank lines dropped. */
    private static void join(IniSection section, Map<String, List<String>> lines) {
        if (section != null) {
            KeyValues values = section.values();
            lines.forEach((k, v) -> values.put(k, stripTrailing(String.join("\n", v)), values.location(k)));
        }
        lines.clear();
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

    /**
     * Where the comment of a line starts; its length when it has none. A whole-line comment starts
     * at 0. An inline comment is found as ConfigParser finds it: round by round, each of ';' and
     * '#' advances to its next occurrence, and the first round in which one of them is at the
     * start or after whitespace decides. So {@code k=a;b ;c #d} keeps {@code a;b ;c}: in the first
     * round ';' is found inside {@code a;b} and '#' after a space, before the second ';' is looked at.
     */
    static int commentStart(String line) {
        String stripped = strip(line);
        if (stripped.startsWith(";") || stripped.startsWith("#")) {
            return 0;
        }
        int semicolon = -1;
        int hash = -1;
        boolean semicolons = true;
        boolean hashes = true;
        while (semicolons || hashes) {
            int found = Integer.MAX_VALUE;
            if (semicolons) {
                semicolon = line.indexOf(';', semicolon + 1);
                semicolons = semicolon >= 0;
                if (semicolons && startsComment(line, semicolon)) {
                    found = semicolon;
                }
            }
            if (hashes) {
                hash = line.indexOf('#', hash + 1);
                hashes = hash >= 0;
                if (hashes && startsComment(line, hash)) {
                    found = Math.min(found, hash);
                }
            }
            if (found != Integer.MAX_VALUE) {
                return found;
            }
        }
        return line.length();
    }

    private static boolean startsComment(String line, int at) {
        return at == 0 || isSpace(line.charAt(at - 1));
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
        while (n < line.length() && isSpace(line.charAt(n))) {
            n++;
        }
        return n;
    }

    /** Python's str.isspace for one character: Unicode white space, non-breaking spaces included. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    /** Python's str.strip(). */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
