/**
 * The Linux implementation of {@link dev.capstan.process.ProcessKernel}: jnr-posix and a few
 * glibc calls bound with jnr-ffi. On the launcher classpath only; never exported to bundles
 * (DESIGN decision 1). {@link dev.capstan.process.linux.LinuxProcessKernel} is the entry point.
 */
package dev.capstan.process.linux;
