package dev.capstan.logs.files;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.process.linux.KernelPerClass;
import dev.capstan.logs.lines.LineListeners;
import dev.capstan.logs.tails.Followers;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hundreds of megabytes into a rotating log file, as a pipe reader hands them over: nothing is
 * lost on the way. How fast it goes is measured in bench/micro (LogFileThroughput).
 */
class FileCaptureVolumeTest extends KernelPerClass {

    @TempDir
    Path dir;

    @Test
    void largeReads() throws Exception {
        run(64 * 1024, 256L << 20);
    }

    @Test
    void smallReads() throws Exception {
        run(100, 64L << 20);
    }

    private void run(int chunk, long total) throws Exception {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        Path log = dir.resolve("bench.log");
        CollectedReports reports = new CollectedReports();
        LogFile file = new LogFile(log, 50L << 20, 10, kernel, reports, Duration.ofSeconds(1));
        FileCapture capture = new FileCapture(file, new Followers(executor), false, new LineListeners());
        // A direct buffer, as the kernel's reader hands over, reused for every read.
        ByteBuffer buf = ByteBuffer.allocateDirect(chunk);
        byte[] line = new byte[chunk];
        Arrays.fill(line, (byte) 'x');
        line[chunk - 1] = '\n';
        buf.put(line).flip();
        for (long done = 0; done < total; done += chunk) {
            buf.rewind();
            capture.onOutput(buf);
        }
        capture.onEnd();
        file.close();
        long onDisk = 0;
        for (int i = 0; i <= 10; i++) {
            Path p = i == 0 ? log : dir.resolve("bench.log." + i);
            onDisk += Files.exists(p) ? Files.size(p) : 0;
        }
        long expected = ((total + chunk - 1) / chunk) * chunk;
        assertEquals(expected, onDisk, "every byte is in the files");
        assertEquals(0, reports.errors.size());
        executor.shutdownNow();
    }
}
