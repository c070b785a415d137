package dev.capstan.logs;

import dev.capstan.process.linux.LinuxProcessKernel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The real process kernel for the test class, which opens the log files Capstan writes and runs
 * the children of the end-to-end tests. Surefire runs classes one after another, and only one
 * kernel may run in a JVM at a time.
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
