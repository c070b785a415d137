package dev.capstan.logs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The current time as ISO-8601 UTC with milliseconds ({@code 2025-06-01T12:00:00.123Z}), in
 * ASCII bytes. Formats at most once per millisecond; asked once per chunk of output, so that
 * every line read at once carries the same time. Not thread-safe: one per writer.
 */
final class Timestamps {

    private static final DateTimeFormatter ISO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private long millis = Long.MIN_VALUE;
    private byte[] text;

    byte[] now() {
        return at(System.currentTimeMillis());
    }

    byte[] at(long epochMillis) {
        if (epochMillis != millis) {
            millis = epochMillis;
            text = ISO.format(Instant.ofEpochMilli(epochMillis)).getBytes(StandardCharsets.US_ASCII);
        }
        return text;
    }
}
