package dev.capstan.process.linux;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/** What /proc says about processes: the tests' only view of the children, besides the kernel's. */
final class Proc {

    static final int SELF = (int) ProcessHandle.current().pid();

    private Proc() {
    }

    /** One process's /proc/PID/stat fields after the command name: state, ppid, pgrp, session. */
    record Stat(int pid, char state, int ppid, int pgrp, int session) {
    }

    static List<Stat> all() {
        List<Stat> stats = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : (Iterable<Path>) dirs::iterator) {
                String name = dir.getFileName().toString();
                if (name.chars().allMatch(Character::isDigit)) {
                    String stat = read(dir.resolve("stat"));
                    if (stat != null) {
                        // The command name may hold spaces and parentheses: split after the last ')'.
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        stats.add(new Stat(Integer.parseInt(name), f[0].charAt(0),
                                Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3])));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return stats;
    }

    static List<Integer> zombieChildren(int parent) {
        return all().stream().filter(s -> s.ppid() == parent && s.state() == 'Z').map(Stat::pid).toList();
    }

    static List<Integer> group(int pgrp) {
        return all().stream().filter(s -> s.pgrp() == pgrp).map(Stat::pid).toList();
    }

    static Set<Integer> fds(int pid) throws IOException {
        Set<Integer> fds = new TreeSet<>();
        try (Stream<Path> links = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            links.forEach(p -> fds.add(Integer.parseInt(p.getFileName().toString())));
        }
        return fds;
    }

    /** A field of /proc/PID/status, e.g. {@code SigBlk}. */
    static String status(int pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        throw new IllegalArgumentException(field + " not in /proc/" + pid + "/status");
    }

    /** Waits up to {@code limit} for a condition the kernel reaches asynchronously. */
    static boolean await(BooleanSupplier condition, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            return null; // the process went away while we listed
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().contains("No such process")) {
                return null;
            }
            throw new UncheckedIOException(e);
        }
    }
}
