/**
 * Log files that Capstan writes: rotated in supervisord's way, with output spliced from a
 * service's pipe into the file by the process kernel while nothing needs to see the bytes, and
 * written from the JVM when something does. Writing never throws: trouble goes to
 * {@link dev.capstan.logs.files.Reports}, once. Also the AUTO files of {@code childlogdir}.
 */
package dev.capstan.logs.files;
