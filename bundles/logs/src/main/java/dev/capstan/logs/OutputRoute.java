package dev.capstan.logs;

import dev.capstan.api.LogSpec;
import dev.capstan.api.StreamName;
import dev.capstan.logs.files.AutoLogs;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where one stream of a service goes, with AUTO and the console device paths worked out.
 *
 * @param console  for CONSOLE: which of Capstan's streams the lines go to
 * @param file     for FILE: the log file
 */
record OutputRoute(LogSpec.Target kind, StreamName console, Path file, long maxBytes, int backups) {

    /**
     * supervisord configurations for containers send output to {@code /dev/stdout} (with
     * maxbytes 0); here that means Capstan's console, line-framed and prefixed like the rest.
     */
    private static final Map<Path, StreamName> CONSOLE_DEVICES = Map.of(
            Path.of("/dev/stdout"), StreamName.STDOUT, Path.of("/dev/fd/1"), StreamName.STDOUT,
            Path.of("/proc/self/fd/1"), StreamName.STDOUT,
            Path.of("/dev/stderr"), StreamName.STDERR, Path.of("/dev/fd/2"), StreamName.STDERR,
            Path.of("/proc/self/fd/2"), StreamName.STDERR);

    static OutputRoute of(String service, StreamName stream, LogSpec spec, Path childLogDir) {
        switch (spec.target()) {
            case CONSOLE:
                return console(stream);
            case NONE:
                return new OutputRoute(LogSpec.Target.NONE, null, null, 0, 0);
            case AUTO:
                return new OutputRoute(LogSpec.Target.FILE, null, autoFile(childLogDir, service, stream),
                        spec.maxBytes(), spec.backups());
            default:
                StreamName device = CONSOLE_DEVICES.get(spec.file().normalize());
                if (device != null) {
                    return console(device);
                }
                return new OutputRoute(LogSpec.Target.FILE, null, spec.file(), spec.maxBytes(), spec.backups());
        }
    }

    /** {@code web-stdout---capstan.log}: supervisord's AUTO naming without its random part. */
    static Path autoFile(Path childLogDir, String service, StreamName stream) {
        return childLogDir.resolve(service + "-" + stream.name().toLowerCase(Locale.ROOT) + AutoLogs.SUFFIX);
    }

    private static OutputRoute console(StreamName target) {
        return new OutputRoute(LogSpec.Target.CONSOLE, target, null, 0, 0);
    }
}
