package dev.capstan.logs.console;

import dev.capstan.container.ConsoleWriter;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A console whose stdout and stderr are files, written by the threads that hand lines over (the
 * one that finds it idle writes what the others queue meanwhile), so everything is in the files
 * once every writer returned; nothing is dropped, however much waits.
 */
public final class ConsoleFiles {
    private ConsoleFiles() {
    }

    public static Console open(Path out, Path err, ConsoleFormat format) throws IOException {
        return new Console(new ConsoleWriter(FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                FileChannel.open(err, StandardOpenOption.CREATE, StandardOpenOption.WRITE), Long.MAX_VALUE, Runnable::run,
                dropped -> { }), format);
    }
}
