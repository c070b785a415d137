package dev.capstan.process.linux;

import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/** jnr-posix for what only tests need (effective uid, resource limits); the kernel binds its own calls. */
final class TestPosix {
    static final POSIX POSIX = POSIXFactory.getNativePOSIX();

    private TestPosix() {
    }
}
