package dev.capstan.config.ini;

import dev.capstan.config.spec.KeySuggestion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * supervisord's expansion of values: Python's {@code value % names}, so {@code %(program_name)s},
 * {@code %(process_num)02d}, {@code %(ENV_HOME)s} and {@code %%} work as there, and an unknown
 * name or a lone {@code %} is an error, as there.
 */
final class Expansions {

    private static final String ENV = "ENV_";

    private final Map<String, Object> names = new HashMap<>();
    /**
     * The environments whose variables are {@code ENV_<name>}, a later one winning. Looked up, not
     * copied into {@link #names}, which would copy the whole environment for every program.
     */
    private final List<Map<String, String>> environments = new ArrayList<>();

    Expansions put(String name, Object value) {
        names.put(name, value);
        return this;
    }

    /** Adds {@code ENV_<name>} for each variable; the map must not change afterwards. */
    Expansions putEnvironment(Map<String, String> environment) {
        environments.add(environment);
        return this;
    }

    Expansions copy() {
        Expansions copy = new Expansions();
        copy.names.putAll(names);
        copy.environments.addAll(environments);
        return copy;
    }

    /** @throws IllegalArgumentException saying which expansion is wrong */
    String expand(String text) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '%') {
                out.append('%');
                i += 2;
                continue;
            }
            if (i + 1 >= text.length() || text.charAt(i + 1) != '(') {
                throw new IllegalArgumentException("lone '%' at column " + (i + 1) + " (write %% for a percent sign)");
            }
            int close = text.indexOf(')', i);
            if (close < 0) {
                throw new IllegalArgumentException("unclosed %( at column " + (i + 1));
            }
            String name = text.substring(i + 2, close);
            int end = close + 1;
            while (end < text.length() && "#0- +".indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            while (end < text.length() && (Character.isDigit(text.charAt(end)) || text.charAt(end) == '.')) {
                end++;
            }
            if (end >= text.length()) {
                throw new IllegalArgumentException("%(" + name + ") has no conversion (write %(" + name + ")s)");
            }
            String spec = text.substring(close + 1, end);
            char conversion = text.charAt(end);
            out.append(format(name, spec, conversion));
            i = end + 1;
        }
        return out.toString();
    }

    private String format(String name, String spec, char conversion) {
        String written = "%(" + name + ")" + spec + conversion;
        Object value = value(name);
        if (value == null) {
            Set<String> available = new TreeSet<>(names.keySet());
            environments.forEach(e -> e.keySet().forEach(k -> available.add(ENV + k)));
            String suggestion = KeySuggestion.closest(name, available).map(s -> ", did you mean %(" + s + ")s?")
                    .orElse(" (available: " + String.join(", ", plainNames()) + " and ENV_<variable>)");
            throw new IllegalArgumentException(written + ": unknown expansion" + suggestion);
        }
        int f = 0;
        while (f < spec.length() && "#0- +".indexOf(spec.charAt(f)) >= 0) {
            f++;
        }
        String flags = spec.substring(0, f);
        String digits = spec.substring(f);
        boolean left = flags.contains("-");
        int dot = digits.indexOf('.');
        int width = parse(dot < 0 ? digits : digits.substring(0, dot));
        int precision = dot < 0 ? -1 : parse(digits.substring(dot + 1));
        switch (conversion) {
            case 's': {
                String body = String.valueOf(value);
                if (precision >= 0 && body.length() > precision) {
                    body = body.substring(0, precision);
                }
                return pad(body, width, left, ' ');
            }
            case 'd':
            case 'i': {
                if (!(value instanceof Integer)) {
                    throw new IllegalArgumentException(written + ": %" + conversion + " needs a number, and " + name
                            + " is text (use %(" + name + ")s)");
                }
                int n = (Integer) value;
                String sign = n < 0 ? "-" : flags.contains("+") ? "+" : flags.contains(" ") ? " " : "";
                String body = Integer.toString(Math.abs(n));
                if (flags.contains("0") && !left) {
                    return sign + pad(body, width - sign.length(), false, '0');
                }
                return pad(sign + body, width, left, ' ');
            }
            default:
                throw new IllegalArgumentException(written + ": unsupported conversion '" + conversion + "' (use s or d)");
        }
    }

    /** The value of a name, or null when it has none. */
    private Object value(String name) {
        Object value = names.get(name);
        if (value != null || !name.startsWith(ENV)) {
            return value;
        }
        String variable = name.substring(ENV.length());
        for (int i = environments.size() - 1; i >= 0; i--) {
            String v = environments.get(i).get(variable);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private Set<String> plainNames() {
        Set<String> plain = new TreeSet<>();
        names.keySet().stream().filter(n -> !n.startsWith(ENV)).forEach(plain::add);
        return plain;
    }

    private static int parse(String digits) {
        return digits.isEmpty() ? 0 : Integer.parseInt(digits);
    }

    private static String pad(String body, int width, boolean left, char fill) {
        if (body.length() >= width) {
            return body;
        }
        String padding = String.valueOf(fill).repeat(width - body.length());
        return left ? body + padding : padding + body;
    }
}
