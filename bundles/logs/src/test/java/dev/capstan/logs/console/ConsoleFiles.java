package dev.capstan.logs.console;

import dev.capstan.container.ConsoleWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A console whose stdout and stderr are files, written on the caller's thread, so a test reads
 * what was written as soon as the call returned (and nothing waits, so nothing is dropped).
 */
public final class ConsoleFiles {
    private ConsoleFiles() {
    }

    public static Console open(Path out, Path err, ConsoleFormat format) throws IOException {
        return new Console(new ConsoleWriter(FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                FileChannel.open(err, StandardOpenOption.CREATE, StandardOpenOption.WRITE), Runnable::run, dropped -> { }), format);
    }
}
