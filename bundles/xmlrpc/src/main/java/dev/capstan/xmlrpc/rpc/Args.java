package dev.capstan.xmlrpc.rpc;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The parameters of one call, read with the conversions supervisord's Python applies: a flag is
 * Python-true ({@code wait="0"} is true, as in supervisord), an offset goes through
 * {@code int()}. A call with too few or too many parameters, or a parameter Python could not
 * convert, is {@code INCORRECT_PARAMETERS} (supervisord answers some of the latter with an HTTP
 * 500 instead).
 */
final class Args {
    /** What Python's {@code int()} reads from a string (after stripping white space). */
    private static final Pattern INT = Pattern.compile("[+-]?\\d+(?:_\\d+)*");

    private final List<Object> params;

    private Args(List<Object> params) {
        this.params = params;
    }

    /** @throws RpcFault INCORRECT_PARAMETERS unless there are {@code min} to {@code max} parameters */
    static Args of(List<Object> params, int min, int max) {
        if (params.size() < min || params.size() > max) {
            throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, null);
        }
        return new Args(params);
    }

    /** A name or other text: a string (base64 arrives as one). */
    String string(int i) {
        if (params.get(i) instanceof String s) {
            return s;
        }
        throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, null);
    }

    /** An optional flag, Python's truth of the value; {@code absent} when not given. */
    boolean flag(int i, boolean absent) {
        if (i >= params.size()) {
            return absent;
        }
        Object v = params.get(i);
        if (v instanceof Boolean b) {
            return b;
        }
        if (v instanceof Long n) {
            return n != 0;
        }
        if (v instanceof Double d) {
            return d != 0;
        }
        if (v instanceof String s) {
            return !s.isEmpty();
        }
        if (v instanceof Collection<?> c) {
            return !c.isEmpty();
        }
        if (v instanceof Map<?, ?> m) {
            return !m.isEmpty();
        }
        return true;
    }

    /** Python's {@code int(value)}: an int, a double truncated, a boolean, or a string of digits. */
    long integer(int i) {
        Long n = integerOrNull(params.get(i));
        if (n == null) {
            throw RpcFault.of(RpcFault.INCORRECT_PARAMETERS, null);
        }
        return n;
    }

    /** The value itself, for parameters that take any type. */
    Object raw(int i) {
        return params.get(i);
    }

    int size() {
        return params.size();
    }

    /** Python's {@code int(value)}, or null where it raises. */
    static Long integerOrNull(Object v) {
        if (v instanceof Long n) {
            return n;
        }
        if (v instanceof Boolean b) {
            return b ? 1L : 0L;
        }
        if (v instanceof Double d) {
            return Math.abs(d) < 9.2e18 ? Long.valueOf(d.longValue()) : null; // NaN fails the test too
        }
        if (v instanceof String s && INT.matcher(s.strip()).matches()) {
            try {
                return Long.parseLong(s.strip().replace("_", "").replace("+", ""));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
