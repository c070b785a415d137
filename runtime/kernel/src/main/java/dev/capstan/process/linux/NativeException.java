package dev.capstan.process.linux;

/** A system call failed; the message is {@code call: strerror(errno)}. */
final class NativeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    NativeException(String call, int errno) {
        super(call + ": " + Native.strerror(errno));
        this.errno = errno;
    }

    int errno() {
        return errno;
    }
}
