package io.annotrail.app.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Clears the way for the embedded PostgreSQL when the previous app process died without stopping it (kill -9, the
 * OOM killer): its postmaster keeps running as an orphan and holds {@code postmaster.pid}, and a new server on the
 * same directory refuses to start. Only ever called while holding the {@link DataDirectoryLock}, so nothing found
 * on the directory can belong to a live instance.
 * <p>
 * A process is ours when it is a {@code postgres} binary whose working directory (every PostgreSQL process,
 * backends included, runs in its data directory) or command line is our data directory. Ours is stopped the way
 * an operator would: {@code pg_ctl stop -m fast} with the orphan's own binaries (a clean checkpoint), escalating to
 * {@code -m immediate} and then to signals; the next start replays the WAL, so nothing committed is lost.
 */
final class LeftoverPostgres {

    private static final Logger log = LoggerFactory.getLogger(LeftoverPostgres.class);
    private static final Path PROC = Path.of("/proc");

    /** What the check found and did. */
    enum Outcome {
        /** No {@code postmaster.pid}: the last server stopped cleanly, or never ran. */
        NOTHING_LEFT,
        /** A postmaster of our data directory was still running and has been stopped. */
        STOPPED_ORPHAN,
        /** The pid file named a live process that is not our server (a reused pid): it was removed. */
        REMOVED_STALE_PID_FILE,
        /** The pid file names a dead process: PostgreSQL removes such a file itself when it starts. */
        LEFT_TO_POSTGRES
    }

    private LeftoverPostgres() {
    }

    static Outcome clear(Path pgDir, Duration stopWait) throws IOException, InterruptedException {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Outcome.NOTHING_LEFT;
        }
        if (!Files.isDirectory(PROC.resolve("self"))) {
            log.warn("{} exists and processes cannot be inspected on this system: leaving it to PostgreSQL's own "
                    + "check (stop a leftover server of this directory by hand if the start fails)", pidFile);
            return Outcome.LEFT_TO_POSTGRES;
        }
        Path dir = pgDir.toRealPath();
        OptionalLong pid = readPid(pidFile);
        if (pid.isPresent() && isServerOf(pid.getAsLong(), dir)) {
            log.warn("PostgreSQL (pid {}) is still running on {} although no Annotrail instance owns it (the "
                    + "previous one was killed): stopping it before starting a new one", pid.getAsLong(), dir);
            stop(pid.getAsLong(), dir, stopWait);
            if (Files.deleteIfExists(pidFile)) {
                // Only a killed postmaster leaves its file; its pid may linger as a zombie that PostgreSQL's
                // own check would take for a live server.
                log.info("Removed {} left by the killed postmaster", pidFile);
            }
            log.warn("Stopped the orphaned PostgreSQL (pid {}); the new server recovers from its WAL",
                    pid.getAsLong());
            return Outcome.STOPPED_ORPHAN;
        }
        // Backends outlive a dead postmaster only until they notice (a second or so); while they run, the old
        // shared memory is in use and PostgreSQL would refuse to start.
        awaitNoServerProcesses(dir, stopWait);
        if (pid.isEmpty() || ProcessHandle.of(pid.getAsLong()).map(ProcessHandle::isAlive).orElse(false)) {
            // PostgreSQL trusts a live pid blindly ("lock file already exists"), and an empty or torn file stops
            // it too; neither is a server of ours (checked above), so the file is stale.
            Files.deleteIfExists(pidFile);
            log.warn("Removed stale {} (it named {}, which is not a PostgreSQL of this directory)", pidFile,
                    pid.isPresent() ? "live pid " + pid.getAsLong() : "no valid pid");
            return Outcome.REMOVED_STALE_PID_FILE;
        }
        log.info("{} names pid {}, which is gone: PostgreSQL removes the stale file and recovers", pidFile,
                pid.getAsLong());
        return Outcome.LEFT_TO_POSTGRES;
    }

    private static OptionalLong readPid(Path pidFile) throws IOException {
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            long pid = Long.parseLong(lines.getFirst().trim());
            return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** A live postgres binary running on {@code dir} (compared as real paths). */
    static boolean isServerOf(long pid, Path dir) {
        if (pid == ProcessHandle.current().pid()) {
            return false;
        }
        Optional<Path> exe = link(PROC.resolve(Long.toString(pid)).resolve("exe"));
        if (exe.isEmpty() || !exe.get().getFileName().toString().startsWith("postgres")) {
            return false;
        }
        if (link(PROC.resolve(Long.toString(pid)).resolve("cwd")).filter(dir::equals).isPresent()) {
            return true;
        }
        try {
            String cmdline = Files.readString(PROC.resolve(Long.toString(pid)).resolve("cmdline"),
                    StandardCharsets.UTF_8);
            return List.of(cmdline.split("\0")).contains(dir.toString());
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<Path> link(Path link) {
        try {
            return Optional.of(Files.readSymbolicLink(link));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty(); // gone, or another user's process: not ours to touch
        }
    }

    private static List<ProcessHandle> serverProcesses(Path dir) {
        List<ProcessHandle> found = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> isServerOf(p.pid(), dir)).forEach(found::add);
        return found;
    }

    private static void stop(long pid, Path dir, Duration wait) throws IOException, InterruptedException {
        Optional<Path> pgCtl = link(PROC.resolve(Long.toString(pid)).resolve("exe"))
                .map(exe -> exe.resolveSibling("pg_ctl"))
                .filter(Files::isExecutable);
        if (pgCtl.isPresent()) {
            if (!pgCtl(pgCtl.get(), dir, "fast", wait)) {
                pgCtl(pgCtl.get(), dir, "immediate", wait);
            }
        }
        ProcessHandle postmaster = ProcessHandle.of(pid).orElse(null);
        if (postmaster != null && running(postmaster)) {
            // No usable pg_ctl (binaries deleted, or it refused): SIGTERM is PostgreSQL's smart shutdown, which
            // ends once the dead app's connections are gone; SIGKILL last, which the WAL recovers from.
            postmaster.destroy();
            if (!waitForExit(postmaster, wait)) {
                log.warn("PostgreSQL (pid {}) did not stop within {}: killing it", pid, wait);
                postmaster.destroyForcibly();
                waitForExit(postmaster, wait);
            }
        }
        awaitNoServerProcesses(dir, wait);
    }

    private static boolean pgCtl(Path pgCtl, Path dir, String mode, Duration wait)
            throws IOException, InterruptedException {
        long seconds = Math.max(1, wait.toSeconds());
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            // pg_ctl refuses to run as root; zonky starts the server the same way, in a user namespace of its own.
            command.addAll(List.of("unshare", "-U"));
        }
        command.addAll(List.of(pgCtl.toString(), "stop", "-D", dir.toString(), "-m", mode, "-w", "-t",
                Long.toString(seconds)));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            log.info("Could not run {}: {}", command, e.getMessage());
            return false;
        }
        String out;
        try (var in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        boolean exited = p.waitFor(seconds + 5, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        boolean ok = exited && p.exitValue() == 0;
        log.info("pg_ctl stop -m {} on {}: {} {}", mode, dir, ok ? "done" : "failed", out);
        return ok;
    }

    private static boolean isRoot() {
        try {
            return Files.readAllLines(PROC.resolve("self").resolve("status")).stream()
                    .filter(line -> line.startsWith("Uid:"))
                    .anyMatch(line -> line.split("\\s+")[2].equals("0"));
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Waits for the server's processes to go; kills what is left after the bound: nobody alive owns them. */
    private static void awaitNoServerProcesses(Path dir, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        List<ProcessHandle> left = serverProcesses(dir);
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = serverProcesses(dir);
        }
        if (left.isEmpty()) {
            return;
        }
        log.warn("Killing PostgreSQL processes still running on {}: {}", dir,
                left.stream().map(ProcessHandle::pid).toList());
        left.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : left) {
            waitForExit(p, Duration.ofSeconds(5));
        }
        List<ProcessHandle> stuck = serverProcesses(dir);
        if (!stuck.isEmpty()) {
            throw new IllegalStateException("could not stop the PostgreSQL processes left running on " + dir + ": "
                    + stuck.stream().map(ProcessHandle::pid).toList());
        }
    }

    /** Alive and not a zombie: a dead orphan stays a zombie until some parent reaps it, and has no binary. */
    private static boolean running(ProcessHandle process) {
        return process.isAlive() && link(PROC.resolve(Long.toString(process.pid())).resolve("exe")).isPresent();
    }

    private static boolean waitForExit(ProcessHandle process, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (running(process) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return !running(process);
    }
}
