package dev.capstan.logs.console;

import dev.capstan.logs.lines.ByteBuilder;
import dev.capstan.logs.lines.Timestamps;
import java.nio.ByteBuffer;

/**
 * How a line looks on Capstan's console (docs/logging.md, "Console format"):
 * <pre>
 * web | listening on :8080                                   default
 * 2025-06-01T12:00:00.123Z web | listening on :8080          log_timestamps = true
 * listening on :8080                                         log_prefix = false
 * {"time":"2025-06-01T12:00:00.123Z","service":"web","stream":"stdout","line":"listening on :8080"}
 * </pre>
 * A piece of a line that was too long ends with {@value #CONTINUED} (in JSON: {@code "continued":true}).
 * Capstan's own lines are the same with the service {@code capstan} and the level before the text.
 *
 * @param prefix     put the service name in front of each line (text format)
 * @param timestamps put an ISO-8601 UTC time in front of each line (text format; JSON always has it)
 * @param json       one JSON object per line instead of text
 */
public record ConsoleFormat(boolean prefix, boolean timestamps, boolean json) {

    public static final ConsoleFormat DEFAULT = new ConsoleFormat(true, false, false);

    public static final String CONTINUED = " [continued]";

    private static final byte[] SEPARATOR = {' ', '|', ' '};
    private static final byte[] CONTINUED_BYTES = CONTINUED.getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Appends one formatted line, newline included.
     *
     * @param time  the ISO-8601 time as ASCII bytes (see {@link Timestamps})
     * @param level Capstan's own log level, or null for a service's line
     */
    public void append(ByteBuilder out, LineOrigin origin, byte[] time, String level,
                ByteBuffer buf, int from, int to, boolean continued) {
        if (json) {
            out.append("{\"time\":\"").append(time)
                    .append("\",\"service\":\"").append(origin.jsonName())
                    .append("\",\"stream\":\"").append(origin.streamLabel()).append((byte) '"');
            if (level != null) {
                out.append(",\"level\":\"").append(level).append((byte) '"');
            }
            out.append(",\"line\":\"");
            JsonText.appendEscaped(out, buf, from, to);
            out.append(continued ? "\",\"continued\":true}\n" : "\"}\n");
            return;
        }
        if (timestamps) {
            out.append(time).append((byte) ' ');
        }
        if (prefix) {
            out.append(origin.name()).append(SEPARATOR);
        }
        if (level != null) {
            out.append(level).append((byte) ' ');
        }
        out.append(buf, from, to);
        if (continued) {
            out.append(CONTINUED_BYTES);
        }
        out.append((byte) '\n');
    }
}
