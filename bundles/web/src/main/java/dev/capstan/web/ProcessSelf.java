package dev.capstan.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Capstan's own process as {@code /proc/self} shows it, read once per scrape: the values of the
 * {@code process_*} families every Prometheus client exports, and the thread count.
 *
 * @param cpuMillis    user and system CPU time, in milliseconds
 * @param residentBytes resident memory ({@code VmRSS})
 * @param virtualBytes virtual memory ({@code VmSize})
 * @param threads      threads of the JVM
 * @param openFds      open file descriptors
 * @param maxFds       the soft limit of open file descriptors, or -1 when unlimited
 */
record ProcessSelf(long cpuMillis, long residentBytes, long virtualBytes, int threads, int openFds, long maxFds) {
    /**
     * The kernel's USER_HZ, which {@code /proc/PID/stat} counts CPU time in: 100 on every Linux
     * architecture Capstan runs on (the JVM cannot ask sysconf, and Prometheus's own procfs
     * reader assumes the same).
     */
    private static final int USER_HZ = 100;
    private static final Path PROC = Path.of("/proc/self");

    /** @throws IOException when /proc/self cannot be read (no procfs) */
    static ProcessSelf read() throws IOException {
        String stat = Files.readString(PROC.resolve("stat"), StandardCharsets.US_ASCII);
        // The command name may hold spaces and parentheses: fields are counted after its last ')'.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15.
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        long resident = 0;
        long virtual = 0;
        int threads = 0;
        for (String line : Files.readAllLines(PROC.resolve("status"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("VmRSS:")) {
                resident = kibibytes(line);
            } else if (line.startsWith("VmSize:")) {
                virtual = kibibytes(line);
            } else if (line.startsWith("Threads:")) {
                threads = Integer.parseInt(line.substring("Threads:".length()).trim());
            }
        }
        String[] fds = PROC.resolve("fd").toFile().list();
        return new ProcessSelf(ticks * 1000 / USER_HZ, resident, virtual, threads, fds == null ? 0 : fds.length, softFdLimit());
    }

    private static long kibibytes(String line) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        return Long.parseLong(value.substring(0, value.indexOf(' '))) * 1024;
    }

    /** {@code Max open files  SOFT  HARD  files} in /proc/self/limits. */
    private static long softFdLimit() throws IOException {
        for (String line : Files.readAllLines(PROC.resolve("limits"), StandardCharsets.US_ASCII)) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? -1 : Long.parseLong(soft);
            }
        }
        return -1;
    }
}
