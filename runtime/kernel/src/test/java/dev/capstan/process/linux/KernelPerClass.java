package dev.capstan.process.linux;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The real process kernel for the test class, started before its first test and closed after
 * its last. Surefire runs classes one after another, and only one kernel may run in a JVM at a
 * time. Other modules' tests (the logs bundle's) extend it too, from this module's test jar: the
 * test-support module cannot hold it, since the kernel's own tests use it.
 */
public abstract class KernelPerClass {

    protected static LinuxProcessKernel kernel;

    @BeforeAll
    static void startKernel() {
        kernel = LinuxProcessKernel.start();
    }

    @AfterAll
    static void closeKernel() {
        kernel.close();
    }
}
