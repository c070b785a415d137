package dev.capstan.logs.tails;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code tail -f} of a file that a child writes itself (no bytes pass through Capstan), by
 * looking at it a few times a second as tail(1) does. It starts at the current end; when the
 * file is moved away (an external logrotate) it reads the old file to its end and goes on with
 * the new one from the start; when it shrinks (clear, copytruncate) it starts again from 0.
 */
public final class FileFollower implements AutoCloseable {

    private static final int MAX_PER_POLL = 4 << 20;

    private final Path path;
    private final Consumer<byte[]> sink;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ScheduledFuture<?> task;
    private FileChannel channel;
    private Object fileKey;
    private long position;

    public FileFollower(Path path, Consumer<byte[]> sink, ScheduledExecutorService timer, Duration every) {
        this.path = path;
        this.sink = sink;
        synchronized (this) {
            open(true);
        }
        long ms = Math.max(1, every.toMillis());
        this.task = timer.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    synchronized void poll() {
        try {
            if (channel == null) {
                open(false);
                if (channel == null) {
                    return;
                }
            }
            drain();
            BasicFileAttributes now = Files.readAttributes(path, BasicFileAttributes.class);
            if (!Objects.equals(now.fileKey(), fileKey)) {
                closeChannel();
                open(false);
                if (channel != null) { // it may have gone again since readAttributes
                    drain();
                }
            } else if (now.size() < position) {
                position = 0;
                drain();
            }
        } catch (IOException e) {
            // Most often moved away and not created again yet: what the old file held is read.
            // Start over from the next poll.
            closeChannel();
        } catch (RuntimeException e) {
            // The sink broke (its client went away): stop following.
            close();
        }
    }

    private void open(boolean atEnd) {
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            position = atEnd ? channel.size() : 0;
        } catch (IOException e) {
            closeChannel();
        }
    }

    private void drain() throws IOException {
        int total = 0;
        while (total < MAX_PER_POLL) {
            buffer.clear();
            int n = channel.read(buffer, position);
            if (n <= 0) {
                return;
            }
            position += n;
            total += n;
            sink.accept(Arrays.copyOf(buffer.array(), n));
        }
    }

    private void closeChannel() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // A reader has nothing pending that a failed close could lose.
            }
        }
        channel = null;
        fileKey = null;
    }

    @Override
    public synchronized void close() {
        task.cancel(false);
        closeChannel();
    }
}
