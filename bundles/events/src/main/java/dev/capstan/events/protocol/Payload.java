package dev.capstan.events.protocol;

import java.nio.charset.StandardCharsets;

/**
 * An event's payload: the text supervisord makes of it, its UTF-8 bytes (what is sent) and its
 * number of characters (code points, what Python's {@code len} of the text counts).
 */
public record Payload(String text, byte[] bytes, int chars) {

    public static Payload of(String text) {
        return new Payload(text, text.getBytes(StandardCharsets.UTF_8), text.codePointCount(0, text.length()));
    }
}
