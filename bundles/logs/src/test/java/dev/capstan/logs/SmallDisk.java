package dev.capstan.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.capstan.process.ProcessKernel;
import dev.capstan.process.SpawnRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A tmpfs of a few pages mounted for one test, to fill a real disk: writes to it fail with
 * ENOSPC as on a full disk, unlike {@code /dev/full}, which is a device and is never spliced into.
 * Needs root (CI runs the build as root); the test is skipped otherwise.
 */
final class SmallDisk implements AutoCloseable {

    private final ProcessKernel kernel;
    private final Path mountPoint;

    private SmallDisk(ProcessKernel kernel, Path mountPoint) {
        this.kernel = kernel;
        this.mountPoint = mountPoint;
    }

    static SmallDisk mount(ProcessKernel kernel, Path mountPoint, int kib) throws Exception {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "mounting a tmpfs needs root");
        Files.createDirectories(mountPoint);
        int code = run(kernel, List.of("mount", "-t", "tmpfs", "-o", "size=" + kib + "k", "tmpfs", mountPoint.toString()));
        Assumptions.assumeTrue(code == 0, "mount -t tmpfs refused here");
        return new SmallDisk(kernel, mountPoint);
    }

    Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws Exception {
        // Lazily, so that a file a failed test left open does not keep it mounted.
        assertEquals(0, run(kernel, List.of("umount", "--lazy", mountPoint.toString())), "umount " + mountPoint);
    }

    private static int run(ProcessKernel kernel, List<String> argv) throws Exception {
        return kernel.spawn(SpawnRequest.builder(argv).build()).exit().toCompletableFuture().get(10, TimeUnit.SECONDS).code();
    }
}
