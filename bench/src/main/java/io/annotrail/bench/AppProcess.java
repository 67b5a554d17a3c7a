package io.annotrail.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The app under test as a child process: the packaged jar, exactly as a user runs it, on a free port with a fresh
 * data directory (embedded PostgreSQL on a known port, so the baseline can use the same server), or on the external
 * PostgreSQL given by URL. Its output goes to a log file next to the results, not into the harness's tables.
 */
final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path dataDir;
    private final boolean keepData;
    private final Path log;
    final String baseUrl;
    final String adminPassword;
    final Db db;
    final Path jar;

    private AppProcess(Process process, Path dataDir, boolean keepData, Path log, String baseUrl, String adminPassword,
                       Db db, Path jar) {
        this.process = process;
        this.dataDir = dataDir;
        this.keepData = keepData;
        this.log = log;
        this.baseUrl = baseUrl;
        this.adminPassword = adminPassword;
        this.db = db;
        this.jar = jar;
    }

    /** The app's database, for the baseline and the raw-read limit. */
    record Db(String url, String user, String password) {
    }

    /** Fails fast when the app is gone (crashed, or killed from outside): later scenarios would only cascade. */
    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException("the app process exited with code " + process.exitValue()
                    + " (killed from outside?); last lines of " + log + ":\n" + tail(log, 15));
        }
    }

    long pid() {
        return process.pid();
    }

    Path dataDir() {
        return dataDir;
    }

    /**
     * Finds the runnable jar: an explicit path, else ui/target/annotrail-exec.jar (the Spring Boot repackaged jar
     * once ui uses the exec classifier), else ui/target/annotrail.jar (before that change), under the project root
     * from -Dannotrail.root, the working directory, or its parent (when run from bench/).
     */
    static Optional<Path> locateJar(Path explicit) {
        if (explicit != null) {
            return Files.isRegularFile(explicit) ? Optional.of(explicit.toAbsolutePath()) : Optional.empty();
        }
        List<Path> roots = new ArrayList<>();
        String root = System.getProperty("annotrail.root");
        if (root != null) {
            roots.add(Path.of(root));
        }
        Path cwd = Path.of("").toAbsolutePath();
        roots.add(cwd);
        if (cwd.getParent() != null) {
            roots.add(cwd.getParent());
        }
        for (Path r : roots) {
            for (String name : List.of("annotrail-exec.jar", "annotrail.jar")) {
                Path candidate = r.resolve("ui").resolve("target").resolve(name);
                if (Files.isRegularFile(candidate) && isBootJar(candidate)) {
                    return Optional.of(candidate.toAbsolutePath().normalize());
                }
            }
        }
        return Optional.empty();
    }

    /** After the switch to the exec classifier annotrail.jar is the plain (non-runnable) jar: skip it then. */
    private static boolean isBootJar(Path jar) {
        try (var file = new java.util.jar.JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Spring-Boot-Version") != null;
        } catch (IOException e) {
            return false;
        }
    }

    static AppProcess start(Path jar, BenchOptions options, Path logDir) throws IOException, InterruptedException {
        int port = freePort();
        String password = "bench-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
        Path dataDir = Files.createTempDirectory("annotrail-bench-");
        Files.createDirectories(logDir);
        Path log = logDir.resolve("app.log");

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Daxoniq.update-checker.disabled=true");
        command.addAll(options.appJvmArgs());
        command.add("-jar");
        command.add(jar.toString());

        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put("SERVER_PORT", Integer.toString(port));
        env.put("ANNOTRAIL_DATA_DIR", dataDir.toString());
        env.put("ANNOTRAIL_ADMIN_PASSWORD", password);
        env.put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
        // The HTTP bare-SQL baseline's endpoints (an app that does not know the setting ignores it).
        env.put("ANNOTRAIL_BENCH_ENDPOINTS", "true");
        Db db;
        if (options.dbUrl() != null) {
            env.put("ANNOTRAIL_DB_URL", options.dbUrl());
            putIfSet(env, "ANNOTRAIL_DB_USER", options.dbUser());
            putIfSet(env, "ANNOTRAIL_DB_PASSWORD", options.dbPassword());
            db = new Db(options.dbUrl(), options.dbUser(), options.dbPassword());
        } else {
            int dbPort = freePort();
            env.put("ANNOTRAIL_EMBEDDED_DB_PORT", Integer.toString(dbPort));
            db = new Db("jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", null);
        }
        // An inherited ANNOTRAIL_DB_URL would silently point the app at another database than the baseline's.
        if (options.dbUrl() == null) {
            env.remove("ANNOTRAIL_DB_URL");
            env.remove("ANNOTRAIL_DB_USER");
            env.remove("ANNOTRAIL_DB_PASSWORD");
        }

        Process process = pb.start();
        AppProcess app = new AppProcess(process, dataDir, options.keepData(), log, "http://localhost:" + port,
                password, db, jar);
        Runtime.getRuntime().addShutdownHook(new Thread(app::close, "stop-app"));
        try (Api api = new Api(app.baseUrl)) {
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (!api.healthy()) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the app exited with code " + process.exitValue()
                            + " during start; last lines of " + log + ":\n" + tail(log, 40));
                }
                if (System.nanoTime() > deadline) {
                    app.close();
                    throw new IllegalStateException("the app was not healthy within 3 minutes; see " + log
                            + ":\n" + tail(log, 40));
                }
                Thread.sleep(250);
            }
        }
        return app;
    }

    private volatile long postmasterPid = -1;

    /** PIDs of the embedded PostgreSQL (postmaster and its backends), for the footprint; empty when external. */
    List<Long> postgresPids() {
        if (db == null || !db.url().startsWith("jdbc:postgresql://localhost:") || dataDir == null) {
            return List.of();
        }
        if (postmasterPid < 0) {
            try (Stream<Path> files = Files.walk(dataDir, 6)) {
                Optional<Path> pidFile = files.filter(p -> p.getFileName().toString().equals("postmaster.pid"))
                        .findFirst();
                if (pidFile.isEmpty()) {
                    return List.of();
                }
                postmasterPid = Long.parseLong(Files.readAllLines(pidFile.get()).getFirst().trim());
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
        }
        List<Long> pids = new ArrayList<>();
        pids.add(postmasterPid);
        pids.addAll(ProcStats.children(postmasterPid));
        return pids;
    }

    Path log() {
        return log;
    }

    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            // SIGTERM: the app shuts down gracefully and stops its embedded PostgreSQL; a kill would orphan it.
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        if (!keepData && dataDir != null && Files.exists(dataDir)) {
            deleteTree(dataDir);
        }
    }

    private static void putIfSet(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        } else {
            env.remove(key);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp directory is harmless
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
