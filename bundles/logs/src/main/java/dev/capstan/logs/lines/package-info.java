/**
 * Output bytes as lines: cutting a stream into bounded lines, the buffer formatted lines are
 * written from, line timestamps, and the listeners that {@code log:} readiness checks hang on a
 * run's lines. Not thread-safe unless a type says so: each capture owns its own.
 */
package dev.capstan.logs.lines;
