package dev.capstan.logs.console;

import dev.capstan.api.StreamName;
import dev.capstan.container.ConsoleWriter;
import java.nio.ByteBuffer;

/**
 * Capstan's stdout and stderr, shared by every service on the console and by Capstan's own log
 * lines, in one format. Callers hand over whole lines only; each call's lines reach the console
 * together, never cut into another's, through the {@link ConsoleWriter}, which never blocks: a
 * console nobody reads drops whole lines, counted and reported, and never stops a service's pipe
 * reader or any thread of Capstan's (docs/logging.md, "Console format").
 */
public final class Console {

    private final ConsoleWriter writer;
    private volatile ConsoleFormat format;

    public Console(ConsoleWriter writer, ConsoleFormat format) {
        this.writer = writer;
        this.format = format;
    }

    /** The process's file descriptors 1 and 2. */
    public static Console ofProcess(ConsoleFormat format) {
        return new Console(ConsoleWriter.ofProcess(), format);
    }

    public ConsoleFormat format() {
        return format;
    }

    /** Applies to every line formatted from now on, including those of running services. */
    public void format(ConsoleFormat f) {
        format = f;
    }

    /** Hands {@code lines} (whole lines, consumed) to Capstan's stdout or stderr. Never blocks. */
    public void write(StreamName stream, ByteBuffer lines) {
        if (stream == StreamName.STDERR) {
            writer.writeErr(lines);
        } else {
            writer.writeOut(lines);
        }
    }
}
