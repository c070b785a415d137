/**
 * Starting, watching and signalling child processes without {@code java.lang.Process}, and the
 * descriptors they are started with: output pipes Capstan reads ({@link dev.capstan.process.Stdio#pipe}),
 * stdin pipes Capstan writes ({@link dev.capstan.process.InputPipe}), pipes held open between
 * services ({@link dev.capstan.process.HeldPipe}) and listening sockets shared by a pool
 * ({@link dev.capstan.process.ListeningSocket}).
 *
 * <p>This package is pure Java and is exported to bundles through
 * {@code org.osgi.framework.system.packages.extra} at version 1.0.0; the native code behind it
 * (jffi) stays on the launcher classpath and is never seen by a bundle.
 * The launcher registers one {@link dev.capstan.process.ProcessKernel} service with the system
 * bundle context.
 *
 * <p>Threads: exit statuses, and the waits of stdin pipes, are completed on the kernel's dispatch
 * executor, never on the reaper thread, a child's exit after the output it left in its pipes was
 * handed over; output bytes are handed to {@link dev.capstan.process.OutputHandler}s, and ready
 * pipes lent to {@link dev.capstan.process.SplicingHandler}s, on the kernel's pipe-reader threads,
 * which also write what stdin pipes queued. Neither may be blocked for long by callers (see each
 * type); writing to a stdin pipe never blocks.
 */
package dev.capstan.process;
