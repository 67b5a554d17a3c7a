package io.annotrail.app.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The start-time check against stale {@code postmaster.pid} files that are not a running server of ours (the
 * orphaned server itself is covered by ProcessCrashIT, which kills a real app), and the data directory's lock.
 */
class LeftoverPostgresTest {

    private final Path dataDir = createTempDirectory();
    private final Path pgDir = dataDir.resolve("postgres");
    private Process stranger;

    @Test
    void aPidFileNamingALiveProcessThatIsNotPostgresIsRemoved() throws Exception {
        Files.createDirectories(pgDir);
        stranger = new ProcessBuilder("sleep", "60").start();
        Files.writeString(pgDir.resolve("postmaster.pid"), stranger.pid() + "\n" + pgDir + "\n");

        assertThat(LeftoverPostgres.clear(pgDir, Duration.ofSeconds(5)))
                .isEqualTo(LeftoverPostgres.Outcome.REMOVED_STALE_PID_FILE);
        assertThat(pgDir.resolve("postmaster.pid")).doesNotExist();
        assertThat(stranger.isAlive()).as("an unrelated process is never signalled").isTrue();
    }

    @Test
    void aPidFileNamingADeadProcessIsLeftToPostgresWhichStartsAnyway() throws Exception {
        start().close();
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(10, TimeUnit.SECONDS)).isTrue();
        Files.writeString(pgDir.resolve("postmaster.pid"), gone.pid() + "\n" + pgDir + "\n");

        assertThat(LeftoverPostgres.clear(pgDir, Duration.ofSeconds(5)))
                .isEqualTo(LeftoverPostgres.Outcome.LEFT_TO_POSTGRES);
        try (EmbeddedPostgres pg = start(); Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aServerThatIsRunningOnTheDirectoryIsStoppedAndTheNextOneStarts() throws Exception {
        Path bin;
        try (EmbeddedPostgres first = start()) {
            long pid = Long.parseLong(Files.readAllLines(pgDir.resolve("postmaster.pid")).getFirst().trim());
            bin = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "exe")).getParent();
        }
        // Started apart from any JVM, like the server a killed app leaves behind.
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        java.util.List<String> command = new java.util.ArrayList<>();
        if (Files.readString(Path.of("/proc/self/status")).lines()
                .anyMatch(l -> l.startsWith("Uid:") && l.split("\\s+")[2].equals("0"))) {
            command.addAll(java.util.List.of("unshare", "-U"));
        }
        command.addAll(java.util.List.of(bin.resolve("pg_ctl").toString(), "-D", pgDir.toString(), "-o",
                "-p " + port, "-w", "-l", dataDir.resolve("orphan.log").toString(), "start"));
        Process pgCtl = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(pgCtl.getInputStream().readAllBytes());
        assertThat(pgCtl.waitFor()).as(out).isZero();
        long orphan = Long.parseLong(Files.readAllLines(pgDir.resolve("postmaster.pid")).getFirst().trim());
        assertThat(LeftoverPostgres.isServerOf(orphan, pgDir.toRealPath())).isTrue();

        assertThat(LeftoverPostgres.clear(pgDir, Duration.ofSeconds(10)))
                .isEqualTo(LeftoverPostgres.Outcome.STOPPED_ORPHAN);
        assertThat(LeftoverPostgres.isServerOf(orphan, pgDir.toRealPath())).isFalse();
        assertThat(Files.readString(dataDir.resolve("orphan.log"))).contains("fast shutdown request");
        try (EmbeddedPostgres pg = start(); Connection c = pg.getPostgresDatabase().getConnection();
             ResultSet rs = c.createStatement().executeQuery("SELECT 1")) {
            assertThat(rs.next()).isTrue();
        }
    }

    @Test
    void aSecondLockOnADataDirectoryFailsAndNamesTheOwner() throws Exception {
        try (DataDirectoryLock ignored = DataDirectoryLock.acquire(dataDir)) {
            assertThatThrownBy(() -> DataDirectoryLock.acquire(dataDir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("another Annotrail instance (pid " + ProcessHandle.current().pid()
                            + ") is using data dir " + dataDir + "; stop it or give this one its own "
                            + "ANNOTRAIL_DATA_DIR");
        }
        DataDirectoryLock.acquire(dataDir).close();
    }

    private EmbeddedPostgres start() throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(pgDir).setCleanDataDirectory(false)
                .setRegisterShutdownHook(false).setPGStartupWait(Duration.ofSeconds(60)).start();
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (stranger != null) {
            stranger.destroyForcibly();
        }
        if (Files.isDirectory(pgDir)) {
            LeftoverPostgres.clear(pgDir, Duration.ofSeconds(10));
        }
        try (Stream<Path> walk = Files.walk(dataDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("annotrail-leftover-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
