package dev.capstan.events.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The two bits of Python that show in supervisord's wire format: how it turns a process's output
 * into payload text, and how it reads the number of a {@code RESULT} line.
 */
public final class PythonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PythonText() {
    }

    /**
     * The bytes as supervisord puts them in a PROCESS_LOG or PROCESS_COMMUNICATION payload: their
     * text when they are valid UTF-8 ({@code as_string}), else {@code Undecodable: } and Python's
     * {@code repr} of the bytes.
     */
    public static String outputText(byte[] data) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data)).toString();
        } catch (CharacterCodingException e) {
            return "Undecodable: " + bytesRepr(data);
        }
    }

    /** Python 3's {@code repr(bytes)}: {@code b'...'}, or {@code b"..."} when that avoids escaping a quote. */
    public static String bytesRepr(byte[] data) {
        boolean single = false;
        boolean dbl = false;
        for (byte b : data) {
            single |= b == '\'';
            dbl |= b == '"';
        }
        char quote = single && !dbl ? '"' : '\'';
        StringBuilder s = new StringBuilder(data.length + 3).append('b').append(quote);
        for (byte b : data) {
            int c = b & 0xff;
            if (c == quote || c == '\\') {
                s.append('\\').append((char) c);
            } else if (c == '\t') {
                s.append("\\t");
            } else if (c == '\n') {
                s.append("\\n");
            } else if (c == '\r') {
                s.append("\\r");
            } else if (c < 0x20 || c >= 0x7f) {
                s.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            } else {
                s.append((char) c);
            }
        }
        return s.append(quote).toString();
    }

    /**
     * The integer Python's {@code int(bytes)} reads: surrounding ASCII whitespace, an optional
     * sign, digits with single underscores between them.
     *
     * @throws NumberFormatException where Python raises ValueError, or when it does not fit a long
     */
    public static long parseInt(byte[] text, int from, int to) {
        while (from < to && isSpace(text[from])) {
            from++;
        }
        while (to > from && isSpace(text[to - 1])) {
            to--;
        }
        StringBuilder digits = new StringBuilder(to - from);
        int i = from;
        if (i < to && (text[i] == '+' || text[i] == '-')) {
            digits.append((char) text[i++]);
        }
        boolean lastDigit = false;
        for (; i < to; i++) {
            byte b = text[i];
            if (b >= '0' && b <= '9') {
                digits.append((char) b);
                lastDigit = true;
            } else if (b == '_' && lastDigit && i + 1 < to && text[i + 1] >= '0' && text[i + 1] <= '9') {
                lastDigit = false;
            } else {
                throw new NumberFormatException("invalid literal for int()");
            }
        }
        if (!lastDigit) {
            throw new NumberFormatException("invalid literal for int()");
        }
        return Long.parseLong(digits.toString());
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == 0x0b || b == 0x0c;
    }
}
