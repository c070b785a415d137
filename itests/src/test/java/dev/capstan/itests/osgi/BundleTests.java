package dev.capstan.itests.osgi;

/**
 * JUnit 4 category (a JUnit Platform tag through the Vintage engine) of the tests that boot a
 * framework with the process kernel. itests/pom.xml runs them in a Failsafe execution of their
 * own and keeps them out of the end-to-end one by this tag, which, unlike includes and excludes,
 * still holds when {@code -Dit.test=...} names a test: the end-to-end tests start processes
 * through the JDK, which must never share a JVM with the kernel's waitpid(-1).
 */
public interface BundleTests {
}
