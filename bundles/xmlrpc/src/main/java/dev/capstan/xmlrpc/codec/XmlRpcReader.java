package dev.capstan.xmlrpc.codec;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@code methodCall} the way supervisord 4.2.5's unmarshaller does
 * ({@code supervisor_xmlrpc_handler.loads}): the value types int, i4, boolean, string, double,
 * dateTime.iso8601, base64, array and struct, a {@code <value>} without a type as its text, and
 * the same conversions (an int or double as Python's {@code int()} and {@code float()} read
 * them, a boolean true only when its text is exactly {@code 1}, base64 as the UTF-8 text it
 * encodes). What supervisord would read into something meaningless is refused instead: a value
 * of another type (nil, i8, ex:*), a struct member that is not a name and a value, an array
 * without data. Thread-safe (stateless).
 */
public final class XmlRpcReader {

    /** Python's {@code int()}: digits with single underscores between them, and a sign. */
    private static final Pattern INT = Pattern.compile("[+-]?\\d+(?:_\\d+)*");
    private static final String DIGITS = "\\d+(?:_\\d+)*";
    /** Python's {@code float()} for finite numbers. */
    private static final Pattern FLOAT = Pattern.compile(
            "[+-]?(?:" + DIGITS + "(?:\\.(?:" + DIGITS + ")?)?|\\.(?:" + DIGITS + "))(?:[eE][+-]?" + DIGITS + ")?");
    /** {@code time.strptime(text, "%Y%m%dT%H:%M:%S")}, with Python's field patterns. */
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4})(1[0-2]|0[1-9]|[1-9])(3[01]|[12]\\d|0[1-9]|[1-9]| [1-9])T(2[0-3]|[01]\\d|\\d):([0-5]\\d|\\d):(6[01]|[0-5]\\d|\\d)");

    private XmlRpcReader() {
    }

    /** @throws MalformedRequestException for what supervisord answers with HTTP 400 */
    public static MethodCall read(byte[] body) throws MalformedRequestException {
        XmlElement root = XmlParser.parse(body);
        if (!root.name().equals("methodCall")) {
            throw new MalformedRequestException("the root element is <" + root.name() + ">, not <methodCall>");
        }
        String method = null;
        List<Object> params = List.of();
        for (XmlElement e : root.children()) {
            if (e.name().equals("methodName")) {
                method = e.text();
            } else if (e.name().equals("params")) {
                params = params(e);
            }
        }
        if (method == null || method.isEmpty()) {
            throw new MalformedRequestException("no method name");
        }
        return new MethodCall(method, params);
    }

    private static List<Object> params(XmlElement params) throws MalformedRequestException {
        List<Object> values = new ArrayList<>(params.children().size());
        for (XmlElement param : params.children()) {
            if (!param.name().equals("param")) {
                throw new MalformedRequestException("<" + param.name() + "> in <params>");
            }
            values.add(value(first(param, "value")));
        }
        return values;
    }

    private static Object value(XmlElement value) throws MalformedRequestException {
        if (value.children().isEmpty()) {
            return value.text() == null ? "" : value.text();
        }
        XmlElement typed = value.children().get(0);
        String text = typed.text();
        switch (typed.name()) {
            case "int":
            case "i4":
                return integer(text);
            case "boolean":
                return "1".equals(text);
            case "string":
                return text == null ? "" : text;
            case "double":
                return real(text);
            case "dateTime.iso8601":
                return dateTime(text);
            case "base64":
                return base64(text);
            case "array": {
                XmlElement data = first(typed, "data");
                List<Object> items = new ArrayList<>(data.children().size());
                for (XmlElement item : data.children()) {
                    if (!item.name().equals("value")) {
                        throw new MalformedRequestException("<" + item.name() + "> in <data>");
                    }
                    items.add(value(item));
                }
                return items;
            }
            case "struct": {
                Map<String, Object> members = new LinkedHashMap<>();
                for (XmlElement member : typed.children()) {
                    List<XmlElement> parts = member.children();
                    if (!member.name().equals("member") || parts.size() != 2 || !parts.get(0).name().equals("name")
                            || !parts.get(1).name().equals("value")) {
                        throw new MalformedRequestException("a struct member that is not <member><name/><value/></member>");
                    }
                    String name = parts.get(0).text();
                    members.put(name == null ? "" : name, value(parts.get(1)));
                }
                return members;
            }
            default:
                throw new MalformedRequestException("values of type <" + typed.name() + "> are not accepted");
        }
    }

    /** The first child element, which must be named {@code name}. */
    private static XmlElement first(XmlElement parent, String name) throws MalformedRequestException {
        if (parent.children().isEmpty() || !parent.children().get(0).name().equals(name)) {
            throw new MalformedRequestException("<" + parent.name() + "> without <" + name + ">");
        }
        return parent.children().get(0);
    }

    private static Long integer(String text) throws MalformedRequestException {
        String t = text == null ? "" : text.strip();
        if (!INT.matcher(t).matches()) {
            throw new MalformedRequestException("not an int: " + text);
        }
        try {
            return Long.valueOf(Long.parseLong(t.replace("_", "").replace("+", "")));
        } catch (NumberFormatException e) {
            throw new MalformedRequestException("an int beyond 64 bits: " + text);
        }
    }

    private static Double real(String text) throws MalformedRequestException {
        String t = text == null ? "" : text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
        double sign = lower.startsWith("-") ? -1 : 1;
        if (unsigned.equals("inf") || unsigned.equals("infinity")) {
            return sign * Double.POSITIVE_INFINITY;
        }
        if (unsigned.equals("nan")) {
            return Double.NaN;
        }
        if (!FLOAT.matcher(t).matches()) {
            throw new MalformedRequestException("not a double: " + text);
        }
        return Double.valueOf(t.replace("_", ""));
    }

    private static LocalDateTime dateTime(String text) throws MalformedRequestException {
        Matcher m = DATE_TIME.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new MalformedRequestException("not a dateTime.iso8601 (YYYYMMDDTHH:MM:SS): " + text);
        }
        try {
            return LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3).strip()), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)));
        } catch (DateTimeException e) {
            throw new MalformedRequestException("not a date: " + text);
        }
    }

    private static String base64(String text) throws MalformedRequestException {
        try {
            byte[] bytes = Base64.getMimeDecoder().decode(text == null ? "" : text);
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new MalformedRequestException("base64 that is not UTF-8 text in base64");
        }
    }
}
