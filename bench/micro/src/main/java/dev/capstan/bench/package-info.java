/**
 * Micro-benchmarks of single parts of Capstan, with the real process kernel: each prints one
 * line per measurement and asserts nothing. The unit tests check the same behaviour without
 * timing it; the side-by-side benchmark against supervisord and s6 is bench/run.
 */
package dev.capstan.bench;
