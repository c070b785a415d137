package dev.capstan.config.spec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a configuration file as text, refusing what cannot be one: missing, unreadable, not a regular file, huge, not UTF-8. */
public final class ConfigText {

    /** Far above any real configuration; a file this big is a mistake (a log, a binary). */
    public static final long MAX_BYTES = 16L * 1024 * 1024;

    private ConfigText() {
    }

    /** @throws ConfigException naming the file and, for bad UTF-8, the line */
    public static String read(Path file) {
        Location where = Location.of(file.toString());
        byte[] bytes;
        try {
            if (Files.isDirectory(file)) {
                throw new ConfigException(where, null, "is a directory, not a configuration file");
            }
            // A FIFO or a device would block the reading thread (the boot, or the signal thread of
            // a reload) until someone writes to it, perhaps for ever.
            if (Files.exists(file) && !Files.isRegularFile(file)) {
                throw new ConfigException(where, null, "not a regular file (a FIFO, socket or device); refused");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(where, null, "larger than 16 MiB; not a configuration file?");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(where, null, "no such file");
        } catch (AccessDeniedException e) {
            throw new ConfigException(where, null, "permission denied");
        } catch (IOException e) {
            throw new ConfigException(where, null, "cannot read: " + e.getMessage());
        }
        return decode(bytes, where);
    }

    /**
     * Configuration text that is not a file of its own (a service bundle's resource): UTF-8, a
     * byte order mark skipped.
     *
     * @throws ConfigException naming the line of bad UTF-8
     */
    public static String decode(byte[] bytes, Location where) {
        String text = utf8(bytes, where);
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String utf8(byte[] bytes, Location where) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            int line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new ConfigException(where.atLine(line), null, "not valid UTF-8 (save the file as UTF-8)");
        }
        decoder.flush(out);
        return out.flip().toString();
    }
}
