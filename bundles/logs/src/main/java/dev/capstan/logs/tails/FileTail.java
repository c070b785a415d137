package dev.capstan.logs.tails;

import dev.capstan.api.Fault;
import dev.capstan.api.LogSlice;
import dev.capstan.api.SupervisorException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** Reads the end of a log file, continuing into its newest rotated copy when it is too short. */
public final class FileTail {

    private FileTail() {
    }

    /**
     * The last {@code n} bytes of {@code previous} followed by {@code current}.
     *
     * @param previous the newest rotated copy ({@code x.log.1}), or null
     */
    public static byte[] read(Path current, Path previous, int n) {
        byte[] now = last(current, n);
        if (now.length >= n || previous == null) {
            return now;
        }
        byte[] before = last(previous, n - now.length);
        byte[] both = new byte[before.length + now.length];
        System.arraycopy(before, 0, both, 0, before.length);
        System.arraycopy(now, 0, both, before.length, now.length);
        return both;
    }

    /** Up to {@code length} bytes of {@code file} from {@code offset} (negative: from the end). */
    public static LogSlice slice(Path file, long offset, int length) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = offset < 0 ? Math.max(0, size + offset) : offset;
            ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(length, size - from)));
            while (buf.hasRemaining() && ch.read(buf, from + buf.position()) >= 0) {
                // read until full or end of file (it may shrink under us)
            }
            return new LogSlice(Arrays.copyOf(buf.array(), buf.position()), from, size);
        } catch (NoSuchFileException e) {
            throw new SupervisorException(Fault.NO_FILE, file + ": no such file");
        } catch (IOException e) {
            throw new SupervisorException(Fault.FAILED, file + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public static byte[] last(Path file, int n) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int k = (int) Math.min(n, size);
            ByteBuffer buf = ByteBuffer.allocate(k);
            long at = size - k;
            while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
                // read until full or end of file (it may shrink under us)
            }
            return buf.position() == k ? buf.array() : Arrays.copyOf(buf.array(), buf.position());
        } catch (IOException e) {
            // No file (yet, or any more) or not readable: there is nothing to show.
            return new byte[0];
        }
    }
}
