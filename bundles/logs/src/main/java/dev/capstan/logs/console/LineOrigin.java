package dev.capstan.logs.console;

import dev.capstan.api.StreamName;
import dev.capstan.logs.lines.ByteBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Who wrote a line: a service (or Capstan itself) and its stream, with the bytes every formatted
 * line needs worked out once instead of per line.
 */
public record LineOrigin(byte[] name, byte[] jsonName, StreamName stream, String streamLabel) {

    public static LineOrigin of(String service, StreamName stream) {
        ByteBuilder escaped = new ByteBuilder();
        JsonText.appendEscaped(escaped, service);
        return new LineOrigin(service.getBytes(StandardCharsets.UTF_8), escaped.toByteArray(), stream,
                stream.name().toLowerCase(Locale.ROOT));
    }
}
