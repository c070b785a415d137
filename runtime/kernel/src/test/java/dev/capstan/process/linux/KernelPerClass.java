package dev.capstan.process.linux;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One kernel for the test class, started before its first test and closed after its last.
 * Surefire runs classes one after another, and only one kernel may run in a JVM at a time.
 */
abstract class KernelPerClass {

    static LinuxProcessKernel kernel;

    @BeforeAll
    static void startKernel() {
        kernel = LinuxProcessKernel.start();
    }

    @AfterAll
    static void closeKernel() {
        kernel.close();
    }
}
