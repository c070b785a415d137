package dev.capstan.process.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The C calls as the kernel makes them: their arguments, results and errno arrive intact. */
class LibcTest {

    private final int[] pipe = new int[2];

    @BeforeEach
    void openPipe() {
        Native.check(Libc.pipe2(pipe, Native.O_CLOEXEC), "pipe2");
    }

    @AfterEach
    void closePipe() {
        Native.close(pipe[0]);
        Native.close(pipe[1]);
    }

    @Test
    void writesEveryKindOfBufferFromItsPosition() {
        ByteBuffer direct = ByteBuffer.allocateDirect(16).put("xxdirect".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer heap = ByteBuffer.wrap("xxheap".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer readOnly = ByteBuffer.wrap("xxread-only".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
        for (ByteBuffer b : new ByteBuffer[] {direct.flip(), heap, readOnly}) {
            b.position(2);
            assertEquals(b.remaining(), Libc.write(pipe[1], b, b.remaining()));
        }
        ByteBuffer in = ByteBuffer.allocateDirect(64);
        in.position(1); // read() fills from the position too
        int n = Libc.read(pipe[0], in, 63);
        assertEquals("directheapread-only", StandardCharsets.US_ASCII.decode(in.limit(1 + n).position(1)).toString());
    }

    @Test
    void aFailedCallLeavesItsErrnoAndTheLibrarysText() {
        assertEquals(-1, Libc.close(-1));
        assertEquals(Native.EBADF, Native.errno());
        assertEquals(-1, Libc.open("/nonexistent/x", Native.O_RDONLY, 0));
        assertEquals(Native.ENOENT, Native.errno());
        assertEquals("No such file or directory", Native.strerror(Native.ENOENT));
    }

    @Test
    void wideArgumentsAndResultsKeepTheirUpperHalf(@TempDir Path tmp) {
        String path = tmp.resolve("sparse").toString();
        int fd = Native.check(Libc.open(path, Native.O_RDWR | Native.O_CREAT, 0600), "open");
        try {
            assertEquals(1L << 40, Libc.lseek(fd, 1L << 40, 0)); // SEEK_SET: a sparse file may be that long
            assertEquals(0, Libc.ftruncate(fd, (1L << 33) + 1));
            assertEquals((1L << 33) + 1, Libc.lseek(fd, 0, Native.SEEK_END));
        } finally {
            Native.close(fd);
        }
        assertEquals(-1, Libc.lseek(pipe[0], 0, Native.SEEK_END), "a pipe cannot seek");
        assertEquals(Native.ESPIPE, Native.errno());
        assertEquals(ProcessHandle.current().pid(), Libc.getpid());
    }
}
