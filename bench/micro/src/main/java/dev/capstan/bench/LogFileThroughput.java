package dev.capstan.bench;

import dev.capstan.logs.files.FileCapture;
import dev.capstan.logs.files.LogFile;
import dev.capstan.logs.files.Reports;
import dev.capstan.logs.lines.LineListeners;
import dev.capstan.logs.tails.Followers;
import dev.capstan.process.ProcessKernel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How fast a rotating log file (rotation at 50 MB, 10 backups) takes what a pipe reader hands it:
 * the read-and-write path of a file Capstan has to see (timestamps, a {@code log:} check, a
 * follower), without the pipe. The numbers of docs/logging.md, "Performance".
 */
final class LogFileThroughput {

    private LogFileThroughput() {
    }

    static void run(ProcessKernel kernel) throws IOException {
        Path dir = Files.createTempDirectory("capstan-bench");
        try {
            measure(kernel, dir, "64 KiB reads", 64 * 1024, 256L << 20);
            measure(kernel, dir, "100-byte reads", 100, 64L << 20);
        } finally {
            deleteAll(dir);
        }
    }

    private static void measure(ProcessKernel kernel, Path dir, String what, int chunk, long total) throws IOException {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Reports reports = new Reports() {
            @Override
            public void error(String message) {
                System.err.println(message);
            }

            @Override
            public void warn(String message) {
                System.err.println(message);
            }
        };
        LogFile file = new LogFile(dir.resolve("bench.log"), 50L << 20, 10, kernel, reports, Duration.ofSeconds(1));
        FileCapture capture = new FileCapture(file, new Followers(executor), false, new LineListeners());
        // A direct buffer, as the kernel's reader hands over, reused for every read.
        ByteBuffer buf = ByteBuffer.allocateDirect(chunk);
        byte[] line = new byte[chunk];
        Arrays.fill(line, (byte) 'x');
        line[chunk - 1] = '\n';
        buf.put(line).flip();
        long start = System.nanoTime();
        long written = 0;
        for (; written < total; written += chunk) {
            buf.rewind();
            capture.onOutput(buf);
        }
        capture.onEnd();
        file.close();
        double seconds = (System.nanoTime() - start) / 1e9;
        executor.shutdownNow();
        System.out.printf("log file writer, %s: %.0f MB/s (%d MB in %.2f s)%n", what, written / 1e6 / seconds,
                written >> 20, seconds);
    }

    private static void deleteAll(Path dir) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
