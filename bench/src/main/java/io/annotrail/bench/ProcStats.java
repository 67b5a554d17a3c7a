package io.annotrail.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** Linux /proc readings: resident memory and CPU ticks of a process. */
final class ProcStats {

    /** USER_HZ: the unit of utime/stime in /proc/[pid]/stat; 100 on every mainstream Linux build. */
    static final long TICKS_PER_SECOND = clockTicks();

    private ProcStats() {
    }

    static boolean available() {
        return Files.isReadable(Path.of("/proc/self/stat"));
    }

    /** VmRSS in bytes. */
    static OptionalLong rssBytes(long pid) {
        return statusField(pid, "VmRSS:");
    }

    /**
     * Proportional set size in bytes: PostgreSQL's backends share shared_buffers, so summing their RSS would count
     * it once per backend; PSS splits shared pages among the sharers and adds up to the real total.
     */
    static OptionalLong pssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
                if (line.startsWith("Pss:")) {
                    return OptionalLong.of(parseKb(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone or not readable
        }
        return rssBytes(pid);
    }

    /** utime + stime in clock ticks. */
    static OptionalLong cpuTicks(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // After the name: state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
            return OptionalLong.of(Long.parseLong(f[11]) + Long.parseLong(f[12]));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    /** Direct children of a process (PostgreSQL's backends are children of the postmaster). */
    static List<Long> children(long parent) {
        List<Long> out = new ArrayList<>();
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(f[1]) == parent) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException ignored) {
                    // raced with an exiting process
                }
            }
        } catch (IOException ignored) {
            // no /proc
        }
        return out;
    }

    private static OptionalLong statusField(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return OptionalLong.of(parseKb(line));
                }
            }
        } catch (IOException | RuntimeException e) {
            // process gone
        }
        return OptionalLong.empty();
    }

    private static long parseKb(String line) {
        String[] parts = line.trim().split("\\s+");
        return Long.parseLong(parts[1]) * 1024;
    }

    private static long clockTicks() {
        try {
            Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (p.waitFor() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100;
    }
}
