package dev.capstan.api;

import java.nio.ByteBuffer;

/**
 * Whiteboard service: receives the output of the streams whose {@link LogSpec} asks for
 * supervisord's output events ({@link LogSpec#events()}: {@code stdout_events_enabled}; a
 * {@link LogSpec#captureMaxBytes()}: {@code stdout_capture_maxbytes} and the
 * {@code <!--XSUPERVISOR:BEGIN-->} tokens). The logs bundle calls it; the events bundle implements
 * it. Only such streams are read for it: every other stream keeps its path without copies.
 *
 * <p>Called on the kernel's pipe threads (or, for output that came before the process's pid was
 * known, on the engine thread), in the order of the output of each stream, never concurrently for
 * one stream. An implementation must not block.
 */
public interface OutputEventSink {

    /**
     * PROCESS_LOG_STDOUT / PROCESS_LOG_STDERR: bytes the process wrote outside capture mode, one
     * read's worth, between the buffer's position and limit. The buffer is reused afterwards.
     */
    void logged(ServiceSpec spec, int pid, StreamName stream, ByteBuffer bytes);

    /**
     * PROCESS_COMMUNICATION_STDOUT / _STDERR: what the process wrote between
     * {@code <!--XSUPERVISOR:BEGIN-->} and {@code <!--XSUPERVISOR:END-->}, as the capture kept it
     * (at most about {@code capture_maxbytes}).
     */
    void communicated(ServiceSpec spec, int pid, StreamName stream, byte[] data);
}
