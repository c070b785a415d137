package dev.capstan.process.linux;

import dev.capstan.process.HeldPipe;
import dev.capstan.process.Stdio;
import java.io.IOException;
import java.util.Set;

/** A pipe whose two ends the kernel holds, each a {@link HeldFd}. */
final class LinuxHeldPipe implements HeldPipe {

    private final String name;
    private final HeldFd read;
    private final HeldFd write;

    private LinuxHeldPipe(String name, HeldFd read, HeldFd write) {
        this.name = name;
        this.read = read;
        this.write = write;
    }

    /** @param open the kernel's set of held fds */
    static LinuxHeldPipe open(Set<HeldFd> open) throws IOException {
        int[] fds = new int[2];
        if (Libc.pipe2(fds, Native.O_CLOEXEC) == -1) {
            throw new IOException("pipe2: " + Native.strerror(Native.errno()));
        }
        String name = "held pipe " + fds[0] + "/" + fds[1];
        return new LinuxHeldPipe(name, new HeldFd(fds[0], "the read end of " + name, true, open),
                new HeldFd(fds[1], "the write end of " + name, false, open));
    }

    @Override
    public Stdio.Held readEnd() {
        return read;
    }

    @Override
    public Stdio.Held writeEnd() {
        return write;
    }

    @Override
    public void close() {
        read.close();
        write.close();
    }

    @Override
    public String toString() {
        return name;
    }
}
