package dev.capstan.process;

import java.io.IOException;

/**
 * A child could not be started. The message carries the real reason as the kernel gave it,
 * e.g. {@code spawn /usr/bin/mihomo: No such file or directory}.
 */
public class SpawnException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int errno;

    /**
     * @param errno the errno value behind the failure, or 0 when it was no system call's error
     */
    public SpawnException(String message, int errno) {
        super(message);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
