package io.annotrail.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The error catalogue, as a client meets it: raw requests (a socket, so that no client library normalises the
 * malformed URIs first) and the status, {@code application/problem+json} and stable {@code code} each must get,
 * whichever layer refuses it — a controller, Spring MVC, the security filters, the firewall, the servlet
 * container's error dispatch or Tomcat itself. Then the 503 of a database outage, on an app whose PostgreSQL the test
 * stops and starts again.
 */
class ErrorCatalogueIT extends IntegrationTest {

    /** The key of the append lock in {@code SerializedAppendEventStorageEngine}. */
    private static final long APPEND_LOCK_KEY = 0x616e6e6f747261L;
    private static final String LEASE = "/api/v1/leases/" + UUID.randomUUID();
    private static String taskId;

    @Autowired
    private DataSource dataSource;
    private static String managerAuthorization;

    /** Who sends a request: nobody, the administrator, or the manager who owns the workspace of {@code {task}}. */
    enum Caller { ANONYMOUS, ADMIN, MANAGER }

    record Case(String sentence, Caller caller, String method, String target, Map<String, String> headers, String body,
                int status, String code) {
        @Override
        public String toString() {
            return sentence;
        }
    }

    static Stream<Case> catalogue() {
        String big = "x".repeat(1_100_000);
        return Stream.of(
                new Case("a task asked for as text/html is 406 NOT_ACCEPTABLE", Caller.MANAGER,
                        "GET", "/api/v1/tasks/{task}", Map.of("Accept", "text/html"), null, 406, "NOT_ACCEPTABLE"),
                new Case("a list asked for as text/html is 406 NOT_ACCEPTABLE", Caller.ADMIN,
                        "GET", "/api/v1/workspaces", Map.of("Accept", "text/html"), null, 406, "NOT_ACCEPTABLE"),
                new Case("an unknown API path is a 404 problem, not the web UI's page", Caller.ADMIN,
                        "GET", "/api/v1/no-such-thing", Map.of("Accept", "text/html,*/*;q=0.8"), null, 404, "NOT_FOUND"),
                new Case("a POST to an unknown API path is 404 NOT_FOUND, not 405", Caller.ADMIN,
                        "POST", "/api/v1/no-such-thing", Map.of("Content-Type", "application/json"), "{}", 404, "NOT_FOUND"),
                new Case("an unknown path under /assets/ is 404 NOT_FOUND", Caller.ANONYMOUS,
                        "GET", "/assets/nothing-here", Map.of(), null, 404, "NOT_FOUND"),
                new Case("an asset link whose signature is not %-decodable is 400 MALFORMED_REQUEST", Caller.ANONYMOUS,
                        "GET", "/assets/ab/cd?exp=1&fn=x&sig=%%%%", Map.of(), null, 400, "MALFORMED_REQUEST"),
                new Case("a ';' in a path segment is refused by the firewall with 400 REQUEST_REJECTED", Caller.ADMIN,
                        "POST", LEASE + ";x=1/renew", Map.of(), "", 400, "REQUEST_REJECTED"),
                new Case("an encoded ../ under /api/v1/ is 400 REQUEST_REJECTED", Caller.ADMIN,
                        "GET", "/api/v1/..%2F..%2Factuator%2Fhealth", Map.of(), null, 400, "REQUEST_REJECTED"),
                new Case("an encoded ../ under /assets/ is 400 REQUEST_REJECTED", Caller.ANONYMOUS,
                        "GET", "/assets/..%2F..%2Fasset-signing.key", Map.of(), null, 400, "REQUEST_REJECTED"),
                new Case("encoded dot segments climbing above the root are 400 REQUEST_REJECTED", Caller.ADMIN,
                        "GET", "/api/v1/%2e%2e/%2e%2e/%2e%2e/etc/passwd", Map.of(), null, 400, "REQUEST_REJECTED"),
                new Case("a broken %-escape in the path is 400 REQUEST_REJECTED", Caller.ADMIN,
                        "GET", "/api/v1/tasks/%zz", Map.of(), null, 400, "REQUEST_REJECTED"),
                new Case("a method the path does not have is 405 METHOD_NOT_ALLOWED", Caller.ADMIN,
                        "DELETE", "/api/v1/workspaces", Map.of(), null, 405, "METHOD_NOT_ALLOWED"),
                new Case("a body in a content type the endpoint does not read is 415 UNSUPPORTED_MEDIA_TYPE", Caller.ADMIN,
                        "POST", "/api/v1/workspaces", Map.of("Content-Type", "text/plain"), "name", 415, "UNSUPPORTED_MEDIA_TYPE"),
                new Case("a body that is not valid JSON is 400 MALFORMED_REQUEST", Caller.ADMIN,
                        "POST", "/api/v1/workspaces", Map.of("Content-Type", "application/json"), "{\"name\":", 400, "MALFORMED_REQUEST"),
                new Case("a path id that is not a UUID is 400 VALIDATION_FAILED", Caller.ADMIN,
                        "GET", "/api/v1/tasks/not-a-uuid", Map.of(), null, 400, "VALIDATION_FAILED"),
                new Case("a body above the limit is 413 PAYLOAD_TOO_LARGE", Caller.ADMIN,
                        "POST", "/api/v1/workspaces", Map.of("Content-Type", "application/json"), big, 413, "PAYLOAD_TOO_LARGE"),
                new Case("a request without a token is 401 UNAUTHENTICATED", Caller.ANONYMOUS,
                        "GET", "/api/v1/workspaces", Map.of(), null, 401, "UNAUTHENTICATED"),
                new Case("an unknown bearer token is 401 UNAUTHENTICATED", Caller.ANONYMOUS,
                        "GET", "/api/v1/workspaces", Map.of("Authorization", "Bearer atr_not-a-token"), null, 401, "UNAUTHENTICATED"),
                new Case("creating a user without being an administrator is 403 FORBIDDEN", Caller.MANAGER,
                        "POST", "/api/v1/users", Map.of("Content-Type", "application/json"),
                        "{\"username\":\"nobody-" + UUID.randomUUID().toString().substring(0, 6) + "\",\"password\":\"long enough password\"}",
                        403, "FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("catalogue")
    void everyRefusalIsAProblemWithAStableCode(Case c) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>(c.headers());
        String authorization = switch (c.caller()) {
            case ANONYMOUS -> null;
            case ADMIN -> admin.authorization();
            case MANAGER -> manager();
        };
        if (authorization != null) {
            headers.put("Authorization", authorization);
        }
        String target = c.target().contains("{task}") ? c.target().replace("{task}", task()) : c.target();

        RawResponse r = RawResponse.send(port, c.method(), target, headers, c.body());

        assertThat(r.status()).as(r.toString()).isEqualTo(c.status());
        assertThat(r.header("content-type")).as(r.toString()).startsWith("application/problem+json");
        JsonNode problem = ApiClient.JSON.readTree(r.body());
        assertThat(problem.get("code").asString()).as(r.toString()).isEqualTo(c.code());
        assertThat(problem.get("status").asInt()).isEqualTo(c.status());
    }

    @Test
    void theWebUiStillAnswersItsOwnRoutesWithItsPage() throws IOException {
        RawResponse r = RawResponse.send(port, "GET", "/login", Map.of("Accept", "text/html"), null);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.header("content-type")).startsWith("text/html");
    }

    /**
     * The database dies under a command that got past authentication: its event append waits on the append lock the
     * test holds (the advisory lock of {@code SerializedAppendEventStorageEngine}), and the test then terminates that
     * backend, as a server restart would. The failure comes back through Axon's event store and command bus.
     */
    @Test
    void aCommandWhoseConnectionDiesMidwayIsA503AndStoresNothing() throws Exception {
        String name = "lost-" + UUID.randomUUID();
        ApiClient.Response r;
        try (Connection control = dataSource.getConnection()) {
            control.createStatement().execute("SELECT pg_advisory_lock(" + APPEND_LOCK_KEY + ")");
            CompletableFuture<ApiClient.Response> create =
                    CompletableFuture.supplyAsync(() -> admin.post("/api/v1/workspaces", Map.of("name", name)));
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> {
                    try (ResultSet rs = control.createStatement().executeQuery("""
                            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
                            WHERE wait_event_type = 'Lock' AND wait_event = 'advisory' AND pid <> pg_backend_pid()""")) {
                        rs.next();
                        return rs.getLong(1) > 0;
                    }
                });
            } finally {
                control.createStatement().execute("SELECT pg_advisory_unlock(" + APPEND_LOCK_KEY + ")");
            }
            r = create.get(30, TimeUnit.SECONDS);
        }

        assertThat(r.status()).as(r.toString()).isEqualTo(503);
        assertThat(r.code()).isEqualTo("SERVICE_UNAVAILABLE");
        assertThat(r.headers().firstValue("Retry-After")).hasValue("5");
        try (Connection c = dataSource.getConnection();
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT count(*) FROM domainevententry WHERE convert_from(payload, 'UTF8') LIKE '%" + name + "%'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("events of the refused command").isZero();
        }
    }

    @Test
    void aDatabaseOutageIsA503WithRetryAfterThatStoresNothingAndRequestsSucceedOnceItIsBack() throws Exception {
        Path dataDir = Files.createTempDirectory("annotrail-outage-");
        Path pgDir = Files.createTempDirectory("annotrail-outage-pg-");
        int pgPort;
        try (ServerSocket s = new ServerSocket(0)) {
            pgPort = s.getLocalPort();
        }
        EmbeddedPostgres pg = startPostgres(pgDir, pgPort);
        try {
            try (Connection c = pg.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE USER annotrail WITH PASSWORD 'outage-pw'");
                c.createStatement().execute("CREATE DATABASE annotrail OWNER annotrail");
            }
            String url = "jdbc:postgresql://localhost:" + pgPort + "/annotrail";
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AnnotrailApplication.class).run(
                    "--server.port=0", "--annotrail.data-dir=" + dataDir, "--annotrail.admin-password=outage-admin-pw",
                    "--annotrail.db.url=" + url, "--annotrail.db.user=annotrail", "--annotrail.db.password=outage-pw",
                    "--annotrail.db.connection-timeout=PT2S")) {
                int appPort = ((WebServerApplicationContext) app).getWebServer().getPort();
                ApiClient api = ApiClient.anonymous(appPort).login("admin", "outage-admin-pw");
                assertThat(api.post("/api/v1/workspaces", Map.of("name", "before the outage")).status()).isEqualTo(201);

                pg.close();

                ApiClient.Response read = api.get("/api/v1/workspaces");
                assertThat(read.status()).as(read.toString()).isEqualTo(503);
                assertThat(read.code()).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(
                        t -> assertThat(t).startsWith("application/problem+json"));
                assertThat(read.headers().firstValue("Retry-After")).hasValue("5");
                ApiClient.Response write = api.post("/api/v1/workspaces", Map.of("name", "during the outage"));
                assertThat(write.status()).as(write.toString()).isEqualTo(503);
                assertThat(write.code()).isEqualTo("SERVICE_UNAVAILABLE");
                assertThat(write.headers().firstValue("Retry-After")).hasValue("5");
                // Past Hikari's 500 ms alive-bypass window the pooled connections are checked, found dead and
                // dropped, so the pool must open a new one, which is refused until its 2 s timeout: the other path.
                Thread.sleep(1000);
                ApiClient.Response later = api.get("/api/v1/workspaces");
                assertThat(later.status()).as(later.toString()).isEqualTo(503);
                assertThat(later.code()).isEqualTo("SERVICE_UNAVAILABLE");

                pg = startPostgres(pgDir, pgPort);

                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                        assertThat(api.post("/api/v1/workspaces", Map.of("name", "after the outage")).status()).isEqualTo(201));
                assertThat(api.get("/api/v1/workspaces").status()).isEqualTo(200);
            }
            try (Connection c = pg.getDatabase("annotrail", "annotrail").getConnection();
                 ResultSet rs = c.createStatement().executeQuery("""
                         SELECT count(*) FILTER (WHERE convert_from(payload, 'UTF8') LIKE '%during the outage%'),
                                count(*) FILTER (WHERE convert_from(payload, 'UTF8') LIKE '%before the outage%')
                         FROM domainevententry""")) {
                rs.next();
                assertThat(rs.getLong(1)).as("events of the refused command").isZero();
                assertThat(rs.getLong(2)).as("events of the command before the outage").isOne();
            }
        } finally {
            pg.close();
        }
    }

    private static EmbeddedPostgres startPostgres(Path dir, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
    }

    private String manager() {
        if (managerAuthorization == null) {
            fixture();
        }
        return managerAuthorization;
    }

    private String task() {
        if (taskId == null) {
            fixture();
        }
        return taskId;
    }

    /** One task, claimed once, in a workspace whose manager reads it (shared by the rows of this context). */
    private void fixture() {
        Fixture f = projectWith(1, null);
        importAndOpen(f, 1);
        User annotator = newUser("annotator");
        addMember(f, annotator, "ANNOTATOR");
        var claim = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
        taskId = claim.json().get("taskId").asString();
        managerAuthorization = f.manager().api().authorization();
    }

    /** An HTTP/1.1 exchange on a socket: the request line goes out exactly as written. */
    record RawResponse(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        static RawResponse send(int port, String method, String target, Map<String, String> headers, String body)
                throws IOException {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\n")
                    .append("Connection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(content.length).append("\r\n");
            }
            head.append("\r\n");
            try (Socket socket = new Socket("127.0.0.1", port)) {
                socket.setSoTimeout(30_000);
                OutputStream out = socket.getOutputStream();
                out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
                try {
                    out.write(content);
                    out.flush();
                } catch (IOException e) {
                    // The server may answer (413) and close before it has read the whole body.
                }
                return read(socket.getInputStream());
            }
        }

        private static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(in); !l.isEmpty(); l = line(in)) {
                int colon = l.indexOf(':');
                headers.put(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line(in);
                }
            } else if (headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else {
                body.write(in.readAllBytes());
            }
            return new RawResponse(status, headers, body.toString(StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream buf = new ByteArrayOutputStream();
            for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
                if (b != '\r') {
                    buf.write(b);
                }
            }
            return buf.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public String toString() {
            return status + " " + headers + " " + (body.length() > 500 ? body.substring(0, 500) + "..." : body);
        }
    }
}
