/**
 * Starting, watching and signalling child processes without {@code java.lang.Process}.
 *
 * <p>This package is pure Java and is exported to bundles through
 * {@code org.osgi.framework.system.packages.extra} at version 1.0.0; the native code behind it
 * (jffi) stays on the launcher classpath and is never seen by a bundle.
 * The launcher registers one {@link dev.capstan.process.ProcessKernel} service with the system
 * bundle context.
 *
 * <p>Threads: exit statuses are completed on the kernel's dispatch executor, never on the reaper
 * thread; output bytes are handed to {@link dev.capstan.process.OutputHandler}s, and ready pipes
 * lent to {@link dev.capstan.process.SplicingHandler}s, on the kernel's pipe-reader threads.
 * Neither may be blocked for long by callers (see each type).
 */
package dev.capstan.process;
