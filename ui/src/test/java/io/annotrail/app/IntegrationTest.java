package io.annotrail.app;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base of the REST integration tests: the whole application on a random port, on embedded PostgreSQL binaries
 * in a fresh data directory (the Spring context, and so the database, is shared by the tests that use the same
 * configuration).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    protected static final String ADMIN_PASSWORD = "integration-admin-password";

    static {
        System.setProperty("axoniq.update-checker.disabled", "true");
    }

    /** Called once per application context: each context gets its own data directory (and so its own database). */
    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("annotrail-it-");
        registry.add("annotrail.data-dir", dataDir::toString);
        registry.add("annotrail.admin-password", () -> ADMIN_PASSWORD);
    }

    @LocalServerPort
    protected int port;

    protected ApiClient anonymous;
    protected ApiClient admin;

    @BeforeEach
    void clients() {
        anonymous = ApiClient.anonymous(port);
        admin = anonymous.login("admin", ADMIN_PASSWORD);
    }

    /** Creates a local account (without signing in) and answers its id, username and password. */
    protected Account account(String prefix) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + UUID.randomUUID();
        var r = admin.post("/api/v1/users", Map.of("username", username, "password", password));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return new Account(r.json().get("id").asString(), username, password);
    }

    protected record Account(String id, String username, String password) {
    }

    /** Creates a local account and answers a client signed in as it, with its id. */
    protected User newUser(String prefix) {
        Account account = account(prefix);
        return new User(account.id(), account.username(), anonymous.login(account.username(), account.password()));
    }

    protected record User(String id, String username, ApiClient api) {
    }

    protected static Map<String, Object> simpleSchema() {
        return Map.of(
                "type", "object",
                "properties", Map.of(
                        "label", Map.of("type", "string", "enum", java.util.List.of("cat", "dog", "other")),
                        "confidence", Map.of("type", "integer", "minimum", 1, "maximum", 5)),
                "required", java.util.List.of("label"),
                "additionalProperties", false);
    }

    /** A workspace owned by a fresh manager, with a project; answers the ids and the manager. */
    protected Fixture projectWith(int overlap, Object reviewPolicy) {
        User manager = newUser("manager");
        var ws = manager.api().post("/api/v1/workspaces", Map.of("name", "ws " + manager.username()));
        assertThat(ws.status()).as(ws.toString()).isEqualTo(201);
        String workspaceId = ws.json().get("id").asString();
        var body = new java.util.HashMap<String, Object>(Map.of("name", "Pets", "instructions", "Label the animal",
                "responseSchema", simpleSchema(), "overlap", overlap));
        if (reviewPolicy != null) {
            body.put("reviewPolicy", reviewPolicy);
        }
        var project = manager.api().post("/api/v1/workspaces/" + workspaceId + "/projects", body);
        assertThat(project.status()).as(project.toString()).isEqualTo(201);
        String projectId = project.json().get("id").asString();
        var batch = manager.api().post("/api/v1/projects/" + projectId + "/batches", Map.of("name", "b1"));
        assertThat(batch.status()).as(batch.toString()).isEqualTo(201);
        return new Fixture(manager, workspaceId, projectId, batch.json().get("id").asString());
    }

    protected record Fixture(User manager, String workspaceId, String projectId, String batchId) {
    }

    protected void addMember(Fixture f, User user, String role) {
        var r = f.manager().api().put("/api/v1/workspaces/" + f.workspaceId() + "/members/" + user.id(), Map.of("role", role));
        assertThat(r.status()).as(r.toString()).isEqualTo(204);
    }

    protected void importAndOpen(Fixture f, int tasks) {
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < tasks; i++) {
            jsonl.append("{\"externalId\":\"t-").append(i).append("\",\"data\":{\"text\":\"item ").append(i).append("\"}}\n");
        }
        var r = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "application/x-ndjson", jsonl.toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(tasks);
        var open = f.manager().api().post("/api/v1/batches/" + f.batchId() + "/open", null);
        assertThat(open.status()).as(open.toString()).isEqualTo(204);
    }
}
