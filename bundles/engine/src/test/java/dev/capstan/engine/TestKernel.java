package dev.capstan.engine;

import dev.capstan.process.ProcessKernel;
import dev.capstan.process.linux.LinuxProcessKernel;

/** The real process kernel for every test in this JVM: only one may run, or two would reap each other's children. */
public final class TestKernel {
    public static final ProcessKernel KERNEL = LinuxProcessKernel.start();

    private TestKernel() {
    }
}
