package io.annotrail.app;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The app as an operator runs it: a separate JVM on the embedded default, killed with SIGKILL in the middle of a
 * load (which leaves its PostgreSQL running as an orphan) and started again on the same data directory with no
 * cleanup by hand; and stopped with SIGTERM while a request hangs.
 */
class ProcessCrashIT {

    private static final String PASSWORD = "crash-admin-password";
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);

    private final List<ChildApp> started = new ArrayList<>();
    private final List<Path> dataDirs = new ArrayList<>();

    private record Ack(int annotator, String taskId, Map<String, Object> body, String annotationId) {
    }

    private record InFlight(int annotator, String taskId, Map<String, Object> body) {
    }

    @Test
    void anAppKilledMidLoadRestartsUnattendedWithEveryAcknowledgedSubmitStoredOnce() throws Exception {
        Path dataDir = newDataDir();
        int dbPort = freePort();
        ChildApp first = start(dataDir, dbPort, Map.of());
        first.awaitHealthy(Duration.ofSeconds(120));

        ApiClient admin = ApiClient.anonymous(first.port).login("admin", PASSWORD);
        String ws = admin.post("/api/v1/workspaces", Map.of("name", "crash")).json().get("id").asString();
        int annotators = 4;
        List<ApiClient> clients = new ArrayList<>();
        for (int i = 0; i < annotators; i++) {
            var user = admin.post("/api/v1/users", Map.of("username", "ann" + i, "password", "annotator-pw-" + i));
            assertThat(user.status()).as(user.toString()).isEqualTo(201);
            admin.put("/api/v1/workspaces/" + ws + "/members/" + user.json().get("id").asString(),
                    Map.of("role", "ANNOTATOR"));
            clients.add(ApiClient.anonymous(first.port).login("ann" + i, "annotator-pw-" + i));
        }
        // Long leases: a submit retried after the restart must still hold its lease.
        String project = admin.post("/api/v1/workspaces/" + ws + "/projects", Map.of("name", "p", "leaseSeconds",
                3600, "responseSchema", schema())).json().get("id").asString();
        String batch = admin.post("/api/v1/projects/" + project + "/batches", Map.of("name", "b")).json().get("id")
                .asString();
        String tasks = Stream.iterate(0, i -> i + 1).limit(600)
                .map(i -> "{\"externalId\":\"t" + i + "\",\"data\":{\"t\":" + i + "}}")
                .collect(Collectors.joining("\n"));
        var imported = admin.postRaw("/api/v1/batches/" + batch + "/tasks", "application/x-ndjson", tasks);
        assertThat(imported.status()).as(imported.toString()).isBetween(200, 202);
        assertThat(admin.post("/api/v1/batches/" + batch + "/open", null).status()).isBetween(200, 204);

        ConcurrentLinkedQueue<Ack> acked = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<InFlight> inFlight = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicBoolean crashed = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < annotators; i++) {
            int annotator = i;
            ApiClient api = clients.get(i);
            threads.add(Thread.ofPlatform().name("annotator-" + i).start(() -> {
                while (true) {
                    ApiClient.Response claim;
                    try {
                        claim = api.post("/api/v1/projects/" + project + "/claims", null);
                    } catch (IllegalStateException e) {
                        return; // the app is gone: nothing was asked of it that could have been stored
                    }
                    if (claim.status() != 201) {
                        unexpected.add("claim " + claim);
                        return;
                    }
                    String taskId = claim.json().get("taskId").asString();
                    Map<String, Object> body = Map.of("leaseId", claim.json().get("leaseId").asString(),
                            "submissionId", UUID.randomUUID().toString(), "response", Map.of("label", "cat"));
                    ApiClient.Response submit;
                    try {
                        submit = api.post("/api/v1/tasks/" + taskId + "/annotations", body);
                    } catch (IllegalStateException e) {
                        inFlight.add(new InFlight(annotator, taskId, body));
                        return;
                    }
                    if (submit.status() != 201) {
                        unexpected.add("submit " + submit);
                        return;
                    }
                    acked.add(new Ack(annotator, taskId, body, submit.json().get("annotationId").asString()));
                    if (crashed.get()) {
                        return;
                    }
                }
            }));
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 60 || !unexpected.isEmpty());
        assertThat(unexpected).isEmpty();
        first.kill();
        crashed.set(true);
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(30));
        }
        assertThat(unexpected).isEmpty();
        long orphan = postmasterPid(dataDir).orElseThrow();
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("PostgreSQL outlived the killed app")
                .contains(true);

        ChildApp second = start(dataDir, dbPort, Map.of());
        Duration toHealthy = second.awaitHealthy(Duration.ofSeconds(60));
        System.out.printf("restart after SIGKILL: healthy in %d ms (%d acknowledged, %d in flight)%n",
                toHealthy.toMillis(), acked.size(), inFlight.size());
        assertThat(second.log()).contains("Stopped the orphaned PostgreSQL (pid " + orphan + ")");

        List<ApiClient> again = new ArrayList<>();
        for (int i = 0; i < annotators; i++) {
            again.add(ApiClient.anonymous(second.port).login("ann" + i, "annotator-pw-" + i));
        }
        Map<String, String> annotationBySubmission = new HashMap<>();
        for (Ack ack : acked) {
            var retry = again.get(ack.annotator()).post("/api/v1/tasks/" + ack.taskId() + "/annotations", ack.body());
            assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
            assertThat(retry.json().get("annotationId").asString()).isEqualTo(ack.annotationId());
            annotationBySubmission.put((String) ack.body().get("submissionId"), ack.annotationId());
        }
        for (InFlight f : inFlight) {
            // Stored or not before the kill, the retry answers 201 and the submit exists once from now on.
            var retry = again.get(f.annotator()).post("/api/v1/tasks/" + f.taskId() + "/annotations", f.body());
            assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
            var twice = again.get(f.annotator()).post("/api/v1/tasks/" + f.taskId() + "/annotations", f.body());
            assertThat(twice.json().get("annotationId").asString())
                    .isEqualTo(retry.json().get("annotationId").asString());
            annotationBySubmission.put((String) f.body().get("submissionId"),
                    retry.json().get("annotationId").asString());
        }

        ApiClient admin2 = ApiClient.anonymous(second.port).login("admin", PASSWORD);
        for (Ack ack : acked) {
            Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                var task = admin2.get("/api/v1/tasks/" + ack.taskId());
                assertThat(task.status()).as(task.toString()).isEqualTo(200);
                List<String> ids = new ArrayList<>();
                task.json().get("annotations").forEach(a -> ids.add(id(a.get("annotationId"))));
                assertThat(ids).containsOnlyOnce(ack.annotationId());
                assertThat(ids).doesNotHaveDuplicates();
            });
        }

        try (Connection db = DriverManager.getConnection("jdbc:postgresql://localhost:" + dbPort + "/postgres",
                "postgres", null); Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW fsync")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("on");
            }
            Map<String, Integer> eventsPerAnnotation = new HashMap<>();
            Map<String, Integer> eventsPerSubmission = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT convert_from(payload, 'UTF8') FROM domainevententry "
                    + "WHERE payloadtype LIKE '%AnnotationSubmittedEvent'")) {
                while (rs.next()) {
                    JsonNode event = ApiClient.JSON.readTree(rs.getString(1));
                    eventsPerAnnotation.merge(id(event.get("annotationId")), 1, Integer::sum);
                    eventsPerSubmission.merge(event.get("submissionId").asString(), 1, Integer::sum);
                }
            }
            assertThat(eventsPerAnnotation).containsOnlyKeys(annotationBySubmission.values());
            assertThat(eventsPerAnnotation.values()).containsOnly(1);
            assertThat(eventsPerSubmission).containsOnlyKeys(annotationBySubmission.keySet());
            assertThat(eventsPerSubmission.values()).containsOnly(1);
        }
    }

    @Test
    void sigtermStopsTheAppWithinTheShutdownTimeoutWhileARequestIsStuck() throws Exception {
        Path dataDir = newDataDir();
        ChildApp app = start(dataDir, freePort(), Map.of("ANNOTRAIL_SHUTDOWN_TIMEOUT", SHUTDOWN_TIMEOUT.toSeconds() + "s",
                "LOGGING_LEVEL_ORG_SPRINGFRAMEWORK_BOOT_TOMCAT", "INFO", "LOGGING_LEVEL_IO_ZONKY", "INFO"));
        app.awaitHealthy(Duration.ofSeconds(120));
        String token = ApiClient.anonymous(app.port).withBasic("admin", PASSWORD).post("/api/v1/tokens", null)
                .json().get("token").asString();
        long postmaster = postmasterPid(dataDir).orElseThrow();

        try (Socket stuck = new Socket("127.0.0.1", app.port)) {
            // A body that promises 1000 bytes and sends 9: the request thread waits for the rest.
            OutputStream out = stuck.getOutputStream();
            out.write(("POST /api/v1/workspaces HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                    + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"name\":")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(1000);

            long signalled = System.nanoTime();
            app.process.destroy();
            boolean exited = app.process.waitFor(SHUTDOWN_TIMEOUT.toSeconds() + 20, TimeUnit.SECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - signalled);
            System.out.printf("SIGTERM with a stuck request: exited in %d ms (shutdown timeout %s)%n",
                    took.toMillis(), SHUTDOWN_TIMEOUT);
            assertThat(exited).as("exited within the shutdown timeout + 20 s; log:\n" + app.tail()).isTrue();
        }
        assertThat(app.log()).contains("Graceful shutdown aborted with one or more requests still active");
        // pg_ctl stop returns once the pid file is gone, a moment before the postmaster process itself.
        assertThat(dataDir.resolve("postgres").resolve("postmaster.pid")).doesNotExist();
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(postmaster).map(p -> !p.isAlive()).orElse(true));
        assertThat(app.log()).contains("shut down postmaster");
    }

    @Test
    void aSecondInstanceOnTheSameDataDirStopsAtOnceAndLeavesTheFirstOneRunning() throws Exception {
        Path dataDir = newDataDir();
        int dbPort = freePort();
        ChildApp first = start(dataDir, dbPort, Map.of());
        first.awaitHealthy(Duration.ofSeconds(120));
        long postmaster = postmasterPid(dataDir).orElseThrow();

        ChildApp second = start(dataDir, dbPort, Map.of());
        assertThat(second.process.waitFor(60, TimeUnit.SECONDS)).as("the second instance gave up").isTrue();
        assertThat(second.process.exitValue()).isNotZero();
        assertThat(second.log()).contains("another Annotrail instance (pid " + first.process.pid()
                + ") is using data dir " + dataDir);

        assertThat(postmasterPid(dataDir)).hasValue(postmaster);
        assertThat(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive)).contains(true);
        first.awaitHealthy(Duration.ofSeconds(5));
        ApiClient admin = ApiClient.anonymous(first.port).login("admin", PASSWORD);
        assertThat(admin.post("/api/v1/workspaces", Map.of("name", "still here")).status()).isEqualTo(201);
    }

    private static Map<String, Object> schema() {
        return Map.of("type", "object",
                "properties", Map.of("label", Map.of("type", "string", "enum", List.of("cat", "dog"))),
                "required", List.of("label"));
    }

    /** Typed ids are written as their raw value, or as {"id": ...} by some serializers: accept both. */
    private static String id(JsonNode node) {
        if (node.isString()) {
            return node.asString();
        }
        return node.properties().iterator().next().getValue().asString();
    }

    private Path newDataDir() throws IOException {
        Path dir = Files.createTempDirectory("annotrail-crash-");
        dataDirs.add(dir);
        return dir;
    }

    private ChildApp start(Path dataDir, int dbPort, Map<String, String> env) throws IOException {
        ChildApp app = ChildApp.start(dataDir, dbPort, env);
        started.add(app);
        return app;
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (ChildApp app : started) {
            if (app.process.isAlive()) {
                app.process.destroy();
                if (!app.process.waitFor(30, TimeUnit.SECONDS)) {
                    app.process.destroyForcibly();
                }
            }
        }
        // A failed test must not leave its PostgreSQL running on this shared machine.
        for (Path dir : dataDirs) {
            OptionalLong pid = postmasterPid(dir);
            if (pid.isPresent()) {
                ProcessHandle.of(pid.getAsLong())
                        .filter(p -> p.info().arguments().map(a -> List.of(a).contains(dir.resolve("postgres")
                                .toString())).orElse(false))
                        .ifPresent(p -> {
                            p.destroy();
                            p.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                        });
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static OptionalLong postmasterPid(Path dataDir) throws IOException {
        Path file = dataDir.resolve("postgres").resolve("postmaster.pid");
        if (!Files.exists(file)) {
            return OptionalLong.empty();
        }
        List<String> lines = Files.readAllLines(file);
        return lines.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(lines.getFirst().trim()));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The application in its own JVM, on this test's classpath, its output in a log file. */
    private static final class ChildApp {
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        final Process process;
        final int port;
        final Path logFile;

        private ChildApp(Process process, int port, Path logFile) {
            this.process = process;
            this.port = port;
            this.logFile = logFile;
        }

        static ChildApp start(Path dataDir, int dbPort, Map<String, String> extraEnv) throws IOException {
            int port = freePort();
            // In the data directory, so that it goes with it; failures quote its tail.
            Path logFile = Files.createTempFile(dataDir, "app-", ".log");
            // Under surefire java.class.path may be a manifest-only jar; as a -cp entry it works just the same.
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Daxoniq.update-checker.disabled=true", "-Xmx768m", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), AnnotrailApplication.class.getName());
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("ANNOTRAIL_"));
            env.put("SERVER_PORT", Integer.toString(port));
            env.put("ANNOTRAIL_DATA_DIR", dataDir.toString());
            env.put("ANNOTRAIL_EMBEDDED_DB_PORT", Integer.toString(dbPort));
            env.put("ANNOTRAIL_ADMIN_PASSWORD", PASSWORD);
            env.putAll(extraEnv);
            return new ChildApp(pb.start(), port, logFile);
        }

        /** Answers how long it took from now until /actuator/health said UP. */
        Duration awaitHealthy(Duration atMost) throws Exception {
            long t0 = System.nanoTime();
            long deadline = t0 + atMost.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("the app exited with " + process.exitValue() + ":\n" + tail());
                }
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200 && r.body().contains("UP")) {
                        return Duration.ofNanos(System.nanoTime() - t0);
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("not healthy within " + atMost + ":\n" + tail());
        }

        /** SIGKILL: no shutdown hook runs, the embedded PostgreSQL is left behind. */
        void kill() throws InterruptedException {
            process.destroyForcibly();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isEqualTo(128 + 9);
        }

        String log() throws IOException {
            return Files.readString(logFile);
        }

        String tail() throws IOException {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        }
    }
}
