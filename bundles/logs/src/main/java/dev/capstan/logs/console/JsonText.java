package dev.capstan.logs.console;

import dev.capstan.logs.lines.ByteBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes raw output bytes as the inside of a JSON string. Service output is not always UTF-8
 * (binary dumps, Latin-1 tools): every byte that is not part of a well-formed UTF-8 sequence
 * becomes U+FFFD, so the result is always valid JSON in valid UTF-8. Works on the bytes
 * directly, without decoding to a String.
 */
final class JsonText {

    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    private JsonText() {
    }

    static void appendEscaped(ByteBuilder out, ByteBuffer src, int from, int to) {
        int i = from;
        while (i < to) {
            int b = src.get(i) & 0xFF;
            if (b < 0x80) {
                appendAscii(out, b);
                i++;
                continue;
            }
            int n = sequenceLength(src, i, to);
            if (n == 0) {
                out.append(REPLACEMENT);
                i++;
            } else {
                out.append(src, i, i + n);
                i += n;
            }
        }
    }

    static void appendEscaped(ByteBuilder out, String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        appendEscaped(out, ByteBuffer.wrap(utf8), 0, utf8.length);
    }

    private static void appendAscii(ByteBuilder out, int b) {
        switch (b) {
            case '"' -> out.append((byte) '\\').append((byte) '"');
            case '\\' -> out.append((byte) '\\').append((byte) '\\');
            case '\n' -> out.append((byte) '\\').append((byte) 'n');
            case '\r' -> out.append((byte) '\\').append((byte) 'r');
            case '\t' -> out.append((byte) '\\').append((byte) 't');
            default -> {
                if (b < 0x20 || b == 0x7F) {
                    out.append((byte) '\\').append((byte) 'u').append((byte) '0').append((byte) '0')
                            .append(HEX[b >> 4]).append(HEX[b & 0xF]);
                } else {
                    out.append((byte) b);
                }
            }
        }
    }

    /**
     * The length of the well-formed UTF-8 sequence at {@code i}, or 0 when there is none
     * (RFC 3629 table: no overlong forms, no surrogates, nothing above U+10FFFF).
     */
    private static int sequenceLength(ByteBuffer src, int i, int to) {
        int b = src.get(i) & 0xFF;
        int n;
        int lo = 0x80;
        int hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            n = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            n = 3;
            if (b == 0xE0) {
                lo = 0xA0;
            } else if (b == 0xED) {
                hi = 0x9F;
            }
        } else if (b >= 0xF0 && b <= 0xF4) {
            n = 4;
            if (b == 0xF0) {
                lo = 0x90;
            } else if (b == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return 0;
        }
        if (i + n > to) {
            return 0;
        }
        int second = src.get(i + 1) & 0xFF;
        if (second < lo || second > hi) {
            return 0;
        }
        for (int k = 2; k < n; k++) {
            if ((src.get(i + k) & 0xC0) != 0x80) {
                return 0;
            }
        }
        return n;
    }
}
