package dev.capstan.events.protocol;

import dev.capstan.api.EventType;
import dev.capstan.api.LenUnit;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One event as it is written to a listener's stdin: the header line
 * {@code ver:3.0 server:NAME serial:N pool:P poolserial:M eventname:E len:L\n}, then the payload.
 *
 * <p>{@code len} counts the payload's bytes, as supervisord's protocol documentation says, and
 * {@code charlen:N} follows when its number of characters differs (a reader that reads text can
 * use that; supervisor.childutils ignores extra tokens). With {@link LenUnit#CHARS}, {@code len}
 * counts characters and there is no {@code charlen}: supervisord 4's exact header.
 */
public final class Envelope {

    private Envelope() {
    }

    public static ByteBuffer of(String server, long serial, String pool, long poolSerial, EventType type,
                                Payload payload, LenUnit unit) {
        int bytes = payload.bytes().length;
        StringBuilder header = new StringBuilder(120)
                .append("ver:3.0 server:").append(server)
                .append(" serial:").append(serial)
                .append(" pool:").append(pool)
                .append(" poolserial:").append(poolSerial)
                .append(" eventname:").append(type.name())
                .append(" len:").append(unit == LenUnit.CHARS ? payload.chars() : bytes);
        if (unit == LenUnit.BYTES && payload.chars() != bytes) {
            header.append(" charlen:").append(payload.chars());
        }
        byte[] head = header.append('\n').toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(head.length + bytes);
        out.put(head).put(payload.bytes()).flip();
        return out;
    }
}
