/**
 * The Linux implementation of {@link dev.capstan.process.ProcessKernel}: the few glibc calls it
 * makes, bound with jnr-ffi ({@link dev.capstan.process.linux.Syscalls}). On the launcher
 * classpath only; never exported to bundles (DESIGN decision 1).
 * {@link dev.capstan.process.linux.LinuxProcessKernel} is the entry point.
 */
package dev.capstan.process.linux;
