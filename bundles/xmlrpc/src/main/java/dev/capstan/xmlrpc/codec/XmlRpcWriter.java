package dev.capstan.xmlrpc.codec;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes method responses byte for byte as supervisord does (Python's
 * {@code xmlrpc.client.dumps(..., methodresponse=True)}): the same declaration, elements and line
 * breaks. Values: {@code String}, {@code Integer}, {@code Long}, {@code Boolean}, {@code List} and
 * {@code Map} with String keys (members in the map's order).
 *
 * <p>Strings are escaped as Python escapes them ({@code &}, {@code <}, {@code >}). Unlike
 * supervisord, characters that XML 1.0 does not allow are never sent, since any XML parser,
 * supervisorctl's included, fails on them: a C0 control character other than tab, line feed and
 * carriage return becomes its Unicode control picture (ESC, 0x1B, becomes U+241B "␛", so a
 * colour code reads {@code ␛[31m}), and U+FFFE, U+FFFF and unpaired surrogates become U+FFFD.
 * Not thread-safe; one instance per response.
 */
public final class XmlRpcWriter {

    private static final byte[] HEAD = ascii("<?xml version='1.0'?>\n<methodResponse>\n");
    private static final byte[] PARAMS_HEAD = ascii("<params>\n<param>\n");
    private static final byte[] PARAMS_TAIL = ascii("</param>\n</params>\n</methodResponse>\n");
    private static final byte[] FAULT_HEAD = ascii("<fault>\n");
    private static final byte[] FAULT_TAIL = ascii("</fault>\n</methodResponse>\n");

    private byte[] buf = new byte[512];
    private int len;

    private XmlRpcWriter() {
    }

    /** A successful response carrying {@code value}. */
    public static byte[] response(Object value) {
        XmlRpcWriter w = new XmlRpcWriter();
        w.raw(HEAD);
        w.raw(PARAMS_HEAD);
        w.value(value);
        w.raw(PARAMS_TAIL);
        return w.bytes();
    }

    /** A fault response: {@code <fault>} with the struct {faultCode, faultString}. */
    public static byte[] fault(int code, String text) {
        XmlRpcWriter w = new XmlRpcWriter();
        w.raw(HEAD);
        w.raw(FAULT_HEAD);
        w.value(faultStruct(code, text));
        w.raw(FAULT_TAIL);
        return w.bytes();
    }

    private static Map<String, Object> faultStruct(int code, String text) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("faultCode", code);
        m.put("faultString", text);
        return m;
    }

    private void value(Object v) {
        if (v instanceof String s) {
            raw("<value><string>");
            text(s);
            raw("</string></value>\n");
        } else if (v instanceof Boolean b) {
            raw(b ? "<value><boolean>1</boolean></value>\n" : "<value><boolean>0</boolean></value>\n");
        } else if (v instanceof Integer || v instanceof Long) {
            raw("<value><int>");
            raw(v.toString());
            raw("</int></value>\n");
        } else if (v instanceof List<?> list) {
            raw("<value><array><data>\n");
            for (Object item : list) {
                value(item);
            }
            raw("</data></array></value>\n");
        } else if (v instanceof Map<?, ?> map) {
            raw("<value><struct>\n");
            for (Map.Entry<?, ?> e : map.entrySet()) {
                raw("<member>\n<name>");
                text((String) e.getKey());
                raw("</name>\n");
                value(e.getValue());
                raw("</member>\n");
            }
            raw("</struct></value>\n");
        } else {
            throw new IllegalArgumentException("no XML-RPC type for " + (v == null ? "null" : v.getClass().getName()));
        }
    }

    /** Escaped character data in UTF-8, with what XML 1.0 forbids replaced. */
    private void text(String s) {
        int n = s.length();
        ensure(n * 3 + 8);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c == '&') {
                    raw("&amp;");
                } else if (c == '<') {
                    raw("&lt;");
                } else if (c == '>') {
                    raw("&gt;");
                } else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                    utf8(0x2400 + c);
                } else {
                    ensure(1);
                    buf[len++] = (byte) c;
                }
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                utf8(Character.toCodePoint(c, s.charAt(++i)));
            } else if (Character.isSurrogate(c) || c == '\uFFFE' || c == '\uFFFF') {
                utf8(0xFFFD);
            } else {
                utf8(c);
            }
        }
    }

    private void utf8(int cp) {
        ensure(4);
        if (cp < 0x80) {
            buf[len++] = (byte) cp;
        } else if (cp < 0x800) {
            buf[len++] = (byte) (0xC0 | cp >> 6);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            buf[len++] = (byte) (0xE0 | cp >> 12);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        } else {
            buf[len++] = (byte) (0xF0 | cp >> 18);
            buf[len++] = (byte) (0x80 | cp >> 12 & 0x3F);
            buf[len++] = (byte) (0x80 | cp >> 6 & 0x3F);
            buf[len++] = (byte) (0x80 | cp & 0x3F);
        }
    }

    /** ASCII markup. */
    private void raw(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) ascii.charAt(i);
        }
    }

    private void raw(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, len, bytes.length);
        len += bytes.length;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }

    private byte[] bytes() {
        return Arrays.copyOf(buf, len);
    }

    private static byte[] ascii(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) s.charAt(i);
        }
        return b;
    }
}
