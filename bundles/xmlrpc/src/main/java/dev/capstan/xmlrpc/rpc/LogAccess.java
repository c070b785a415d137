package dev.capstan.xmlrpc.rpc;

import dev.capstan.api.Fault;
import dev.capstan.api.LogSlice;
import dev.capstan.api.LogSpec;
import dev.capstan.api.ServiceLogs;
import dev.capstan.api.ServiceSpec;
import dev.capstan.api.StreamName;
import dev.capstan.api.SupervisorException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * supervisord's log methods on {@link ServiceLogs}: {@code readProcessStdoutLog} and
 * {@code readLog} with the offset rules of its {@code readFile}, {@code tailProcessStdoutLog}
 * with those of its {@code tailFile}, and the clears. The bytes go out as text: a byte sequence
 * that is not UTF-8 (a tail that cuts a character in two) becomes U+FFFD, where supervisord fails
 * the call with an HTTP 500. Thread-safe.
 */
public final class LogAccess {

    /**
     * The most bytes one call returns. supervisord reads a whole file for {@code (0, 0)}; Capstan
     * returns its first this many bytes, and a client goes on from where they end.
     */
    static final int MAX_READ = 1024 * 1024;

    private final ServiceLogs logs;
    private final ProcessInfo info;

    /** @param info names the log files in faults */
    LogAccess(ServiceLogs logs, ProcessInfo info) {
        this.logs = logs;
        this.info = info;
    }

    /** {@code readProcessStdoutLog} / {@code readProcessStderrLog}. */
    String read(ServiceSpec spec, StreamName stream, long offset, long length) {
        checkReadArguments(offset, length);
        if (!hasLog(spec, stream)) {
            throw RpcFault.of(Fault.NO_FILE, null);
        }
        LogSlice slice;
        try {
            slice = logs.read(spec.name(), stream, offset, readLength(offset, length));
        } catch (SupervisorException e) {
            if (e.fault() == Fault.BAD_NAME) {
                return ""; // never started: supervisord's log file exists and is empty
            }
            throw e.fault() == Fault.NO_FILE ? RpcFault.of(Fault.NO_FILE, info.logFile(spec, stream))
                    : RpcFault.of(Fault.FAILED, null);
        }
        return text(slice.bytes());
    }

    /** {@code readLog}: Capstan's own log, which is kept in memory. */
    String readMain(long offset, long length) {
        checkReadArguments(offset, length);
        return text(logs.readMain(offset, readLength(offset, length)).bytes());
    }

    /**
     * {@code tailProcessStdoutLog}: [bytes, offset, overflow], where offset is the log's size and
     * overflow says that more than {@code length} bytes followed {@code offset}, of which only
     * the last {@code length} are returned. As in supervisord, a tail returns the last
     * {@code length} bytes whenever {@code offset} is before the end, even the bytes before
     * {@code offset}; nothing at or after it.
     */
    List<Object> tail(ServiceSpec spec, StreamName stream, long offset, long length) {
        if (!hasLog(spec, stream)) {
            return List.of("", 0L, false);
        }
        int want = (int) Math.max(0, Math.min(length, MAX_READ));
        LogSlice last;
        try {
            last = logs.read(spec.name(), stream, -want, want);
        } catch (SupervisorException e) {
            if (e.fault() == Fault.BAD_NAME || e.fault() == Fault.NO_FILE) {
                return List.of("", 0L, false); // supervisord: no log file yet
            }
            throw RpcFault.of(Fault.FAILED, null);
        }
        long size = last.size();
        boolean overflow = size > offset + length;
        String bytes = offset >= size || length <= 0 ? "" : text(last.bytes());
        return List.of(bytes, size, overflow);
    }

    /**
     * {@code clearProcessLogs}: both streams' files truncated and in-memory tails emptied.
     *
     * @param name the name as the caller gave it, for the fault
     */
    void clear(ServiceSpec spec, String name) {
        try {
            logs.clear(spec.name());
        } catch (RuntimeException e) {
            throw RpcFault.of(Fault.FAILED, name);
        }
    }

    void clearMain() {
        logs.clearMain();
    }

    /** supervisord's readFile refuses a negative length, and a negative offset with a length. */
    private static void checkReadArguments(long offset, long length) {
        if (offset < 0 ? length != 0 : length < 0) {
            throw RpcFault.of(RpcFault.BAD_ARGUMENTS, null);
        }
    }

    /** A negative offset reads that many bytes; length 0 reads to the end; at most {@link #MAX_READ}. */
    private static int readLength(long offset, long length) {
        long n = offset < 0 ? -offset : length == 0 ? MAX_READ : length;
        return (int) Math.min(n, MAX_READ);
    }

    /** Whether the stream is logged anywhere: not NONE, and not stderr with redirect_stderr (supervisord's NO_FILE). */
    public static boolean hasLog(ServiceSpec spec, StreamName stream) {
        LogSpec log = stream == StreamName.STDOUT ? spec.stdout() : spec.stderr();
        return log.target() != LogSpec.Target.NONE && !(stream == StreamName.STDERR && spec.redirectStderr());
    }

    /** UTF-8, with U+FFFD for each sequence that is not. */
    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
