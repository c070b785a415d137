package dev.capstan.api;

/**
 * Bytes read from a log at an offset ({@link ServiceLogs#read}, {@link ServiceLogs#readMain}).
 *
 * @param bytes  what was read; possibly none
 * @param offset where {@code bytes} begin in the log
 * @param size   the log's size when it was read: the offset one past its last byte
 */
public record LogSlice(byte[] bytes, long offset, long size) {
}
