package dev.capstan.process.linux;

import static dev.capstan.process.linux.Sh.sh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.capstan.process.Child;
import dev.capstan.process.ExitStatus;
import dev.capstan.process.HeldPipe;
import dev.capstan.process.ListeningSocket;
import dev.capstan.process.SpawnRequest;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Start and close: one kernel per JVM, and close leaves no child behind. */
class KernelLifecycleTest {

    private static final int PR_GET_CHILD_SUBREAPER = 37;

    @Test
    void closeKillsEveryGroupAndReaps() throws Exception {
        LinuxProcessKernel kernel = LinuxProcessKernel.start();
        assertEquals(1, subreaper());
        Collector out = new Collector();
        Child child = kernel.spawn(sh("echo up; sleep 300 & exec sleep 300").stdout(Stdio.pipe(out)).build());
        assertTrue(Proc.await(() -> Proc.group(child.pid()).size() == 2, Duration.ofSeconds(5)));

        long started = System.nanoTime();
        kernel.close();
        assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(2), "close took too long");

        assertEquals(ExitStatus.killed(9, false), child.exit().toCompletableFuture().getNow(null));
        assertEquals("up\n", out.text(), "output handed over before close returned");
        assertTrue(Proc.await(() -> Proc.group(child.pid()).isEmpty(), Duration.ofSeconds(5)));
        assertEquals(0, subreaper(), "no longer a subreaper");
        assertThrows(IllegalStateException.class, () -> kernel.spawn(SpawnRequest.builder(List.of("true")).build()));
        kernel.close(); // twice is harmless
    }

    @Test
    void closeReleasesThePipesAndSocketsOwnersForgot() throws Exception {
        Set<Integer> before = Proc.fds(Proc.SELF);
        LinuxProcessKernel kernel = LinuxProcessKernel.start();
        HeldPipe pipe = kernel.pipe();
        ListeningSocket socket = kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Child reader = kernel.spawn(SpawnRequest.builder(List.of("sleep", "30")).stdin(Stdio.input(16)).build());
        kernel.close();
        assertEquals(Set.of(), OpenFds.pipesAndSocketsAdded(before), "fds the closed kernel kept");
        assertThrows(IOException.class, () -> reader.stdin().orElseThrow().write(ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, kernel::pipe);
        assertThrows(IllegalStateException.class, () -> kernel.listen(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
        pipe.close(); // after the kernel's close: nothing left to do
        socket.close();
    }

    @Test
    void oneKernelPerJvm() {
        try (LinuxProcessKernel kernel = LinuxProcessKernel.start()) {
            assertThrows(IllegalStateException.class, LinuxProcessKernel::start);
        }
        LinuxProcessKernel.start().close(); // the first one's close let a new one start
    }

    private static int subreaper() {
        long flag = Libc.IO.allocateMemory(Integer.BYTES, true);
        try {
            Native.check(Libc.prctl(PR_GET_CHILD_SUBREAPER, flag, 0, 0, 0), "prctl");
            return Libc.IO.getInt(flag);
        } finally {
            Libc.IO.freeMemory(flag);
        }
    }
}
