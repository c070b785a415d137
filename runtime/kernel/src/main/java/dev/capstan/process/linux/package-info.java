/**
 * The Linux implementation of {@link dev.capstan.process.ProcessKernel}: the few glibc calls it
 * makes, called through jffi ({@link dev.capstan.process.linux.Libc}). On the launcher
 * classpath only; never exported to bundles (docs/decisions.md, "The native layer").
 * {@link dev.capstan.process.linux.LinuxProcessKernel} is the entry point.
 */
package dev.capstan.process.linux;
