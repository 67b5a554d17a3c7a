package io.annotrail.app;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear 4xx problem with a stable code, and changes nothing; access is per object. */
class ApiSecurityAndValidationIT extends IntegrationTest {

    @Test
    void everyApiCallNeedsAValidTokenButHealthAndTheApiDocsArePublic() {
        assertThat(anonymous.get("/api/v1/workspaces").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/workspaces").code()).isEqualTo("UNAUTHENTICATED");
        assertThat(anonymous.withToken("atr_not-a-real-token").get("/api/v1/workspaces").status()).isEqualTo(401);
        assertThat(anonymous.withBasic("admin", "wrong password").post("/api/v1/tokens", null).status()).isEqualTo(401);
        assertThat(anonymous.withBasic("admin", ADMIN_PASSWORD).get("/api/v1/workspaces").status()).isEqualTo(401);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        var docs = anonymous.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("paths").has("/api/v1/projects/{projectId}/claims")).isTrue();
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void aRevokedTokenStopsWorking() {
        var minted = anonymous.withBasic("admin", ADMIN_PASSWORD).post("/api/v1/tokens", Map.of("name", "short"));
        assertThat(minted.status()).isEqualTo(201);
        ApiClient client = anonymous.withToken(minted.json().get("token").asString());
        assertThat(client.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(client.delete("/api/v1/tokens/" + minted.json().get("id").asString()).status()).isEqualTo(204);
        assertThat(client.get("/api/v1/me").status()).isEqualTo(401);
    }

    @Test
    void onlyAdministratorsCreateUsers() {
        User someone = newUser("someone");
        var r = someone.api().post("/api/v1/users", Map.of("username", "sneaky-" + UUID.randomUUID().toString().substring(0, 6),
                "password", "long enough password"));
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("FORBIDDEN");
        var weak = admin.post("/api/v1/users", Map.of("username", "weak-" + UUID.randomUUID().toString().substring(0, 6), "password", "short"));
        assertThat(weak.status()).isEqualTo(400);
        assertThat(weak.code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aMemberOfAnotherWorkspaceCannotSeeOrTouchAnything() {
        Fixture mine = projectWith(1, null);
        importAndOpen(mine, 1);
        Fixture theirs = projectWith(1, null);
        User outsider = theirs.manager();

        assertThat(outsider.api().get("/api/v1/projects/" + mine.projectId() + "/progress").status()).isEqualTo(404);
        assertThat(outsider.api().get("/api/v1/workspaces/" + mine.workspaceId() + "/projects").status()).isEqualTo(404);
        assertThat(outsider.api().post("/api/v1/projects/" + mine.projectId() + "/claims", null).status()).isEqualTo(404);
        assertThat(outsider.api().post("/api/v1/batches/" + mine.batchId() + "/close", null).status()).isEqualTo(404);
        var tasks = mine.manager().api().get("/api/v1/projects/" + mine.projectId() + "/tasks").json();
        String taskId = tasks.get("items").get(0).get("taskId").asString();
        assertThat(outsider.api().get("/api/v1/tasks/" + taskId).status()).isEqualTo(404);
        assertThat(outsider.api().get("/api/v1/tasks/" + taskId + "/history").status()).isEqualTo(404);
        assertThat(outsider.api().put("/api/v1/workspaces/" + mine.workspaceId() + "/members/" + outsider.id(),
                Map.of("role", "ADMIN")).status()).isEqualTo(404);
    }

    @Test
    void aMemberWithTheWrongRoleIsForbidden() {
        Fixture f = projectWith(1, null);
        User annotator = newUser("annotator");
        addMember(f, annotator, "ANNOTATOR");
        User analyst = newUser("analyst");
        addMember(f, analyst, "ANALYST");
        assertThat(annotator.api().post("/api/v1/projects/" + f.projectId() + "/batches", Map.of("name", "x")).status()).isEqualTo(403);
        assertThat(annotator.api().put("/api/v1/workspaces/" + f.workspaceId() + "/members/" + analyst.id(),
                Map.of("role", "ADMIN")).status()).isEqualTo(403);
        assertThat(analyst.api().post("/api/v1/projects/" + f.projectId() + "/claims", null).status()).isEqualTo(403);
        assertThat(analyst.api().get("/api/v1/projects/" + f.projectId() + "/progress").status()).isEqualTo(200);
        var workspaces = annotator.api().get("/api/v1/workspaces");
        assertThat(workspaces.json()).anySatisfy(w -> {
            assertThat(w.get("id").asString()).isEqualTo(f.workspaceId());
            assertThat(w.get("role").asString()).isEqualTo("ANNOTATOR");
        });
    }

    @Test
    void malformedWronglyTypedUnknownAndOversizedBodiesAreRejected() {
        Fixture f = projectWith(1, null);
        String projects = "/api/v1/workspaces/" + f.workspaceId() + "/projects";
        ApiClient api = f.manager().api();

        var malformed = api.post(projects, "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.code()).isEqualTo("MALFORMED_REQUEST");
        assertThat(malformed.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");

        var wrongType = api.post(projects, Map.of("name", "x", "responseSchema", simpleSchema(), "overlap", "two"));
        assertThat(wrongType.status()).isEqualTo(400);

        var unknown = api.post(projects, Map.of("name", "x", "responseSchema", simpleSchema(), "colour", "red"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.code()).isEqualTo("MALFORMED_REQUEST");

        var missing = api.post(projects, Map.of("responseSchema", simpleSchema()));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(missing.json().get("violations").get(0).get("path").asString()).isEqualTo("name");

        String deep = "[".repeat(5000) + "]".repeat(5000);
        var nested = api.post(projects, "{\"name\":\"x\",\"responseSchema\":" + deep + "}");
        assertThat(nested.status()).isEqualTo(400);

        String huge = "{\"name\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}";
        var tooLarge = api.post(projects, huge);
        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(tooLarge.code()).isEqualTo("PAYLOAD_TOO_LARGE");

        var badOverlap = api.post(projects, Map.of("name", "x", "responseSchema", simpleSchema(), "overlap", 0));
        assertThat(badOverlap.status()).isEqualTo(400);

        var list = api.get(projects);
        assertThat(list.json()).hasSize(1); // nothing above created a project
    }

    @Test
    void unsafeResponseSchemasAreRejected() {
        Fixture f = projectWith(1, null);
        String path = "/api/v1/projects/" + f.projectId() + "/response-schema";
        ApiClient api = f.manager().api();

        var remoteRef = api.put(path, Map.of("responseSchema", Map.of("type", "object",
                "properties", Map.of("a", Map.of("$ref", "http://169.254.169.254/latest/meta-data")))));
        assertThat(remoteRef.status()).isEqualTo(400);
        assertThat(remoteRef.code()).isEqualTo("SCHEMA_INVALID");

        var notObject = api.put(path, Map.of("responseSchema", List.of(1, 2)));
        assertThat(notObject.status()).isEqualTo(400);

        var badPattern = api.put(path, Map.of("responseSchema", Map.of("type", "object",
                "properties", Map.of("a", Map.of("type", "string", "pattern", "(a+)+\\1")))));
        assertThat(badPattern.status()).isEqualTo(400);

        var project = api.get("/api/v1/projects/" + f.projectId()).json();
        assertThat(project.get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void costlyResponseSchemasAreRefusedNamingTheBoundAndWhere() {
        Fixture f = projectWith(1, null);
        String path = "/api/v1/projects/" + f.projectId() + "/response-schema";
        ApiClient api = f.manager().api();

        long started = System.nanoTime();
        var cycle = api.put(path, "{\"responseSchema\": {\"type\": \"object\", "
                + "\"$defs\": {\"a\": {\"$ref\": \"#/$defs/b\"}, \"b\": {\"$ref\": \"#/$defs/a\"}}, "
                + "\"properties\": {\"s\": {\"$ref\": \"#/$defs/a\"}}}}");
        var regex = api.put(path, Map.of("responseSchema", Map.of("type", "object",
                "properties", Map.of("s", Map.of("type", "string", "pattern", "(((a{100}){100}){100}){10}")))));
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(cycle.status()).isEqualTo(400);
        assertThat(cycle.code()).isEqualTo("SCHEMA_TOO_COMPLEX");
        assertThat(cycle.json().get("violations").get(0).get("path").asString()).isEqualTo("/$defs/b/$ref");
        assertThat(cycle.json().get("violations").get(0).get("message").asString()).startsWith("reference-cycle:");
        assertThat(regex.status()).isEqualTo(400);
        assertThat(regex.code()).isEqualTo("SCHEMA_TOO_COMPLEX");
        assertThat(regex.json().get("violations").get(0).get("path").asString()).isEqualTo("/properties/s/pattern");
        assertThat(regex.json().get("violations").get(0).get("message").asString()).startsWith("pattern-repetition:");
        assertThat(millis).as("both refused in %d ms", millis).isLessThan(2000);
        assertThat(api.get("/api/v1/projects/" + f.projectId()).json().get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void unknownIdsAnswerNotFound() {
        User someone = newUser("someone");
        String id = UUID.randomUUID().toString();
        assertThat(someone.api().get("/api/v1/tasks/" + id).status()).isEqualTo(404);
        assertThat(someone.api().post("/api/v1/leases/" + id + "/renew", null).status()).isEqualTo(404);
        assertThat(someone.api().post("/api/v1/annotations/" + id + "/reviews", Map.of("decision", "ACCEPT")).status()).isEqualTo(404);
        assertThat(someone.api().post("/api/v1/batches/" + id + "/open", null).status()).isEqualTo(404);
        assertThat(someone.api().get("/api/v1/projects/not-a-uuid/progress").status()).isEqualTo(400);
    }

    @Test
    void aSubmitWithSomebodyElsesLeaseIsAConflict() {
        Fixture f = projectWith(2, null);
        User a = newUser("annotator");
        User b = newUser("annotator");
        addMember(f, a, "ANNOTATOR");
        addMember(f, b, "ANNOTATOR");
        importAndOpen(f, 1);
        var claimA = a.api().post("/api/v1/projects/" + f.projectId() + "/claims", null).json();
        var steal = b.api().post("/api/v1/tasks/" + claimA.get("taskId").asString() + "/annotations", Map.of(
                "leaseId", claimA.get("leaseId").asString(), "submissionId", "x", "response", Map.of("label", "cat")));
        assertThat(steal.status()).isEqualTo(409);
        assertThat(steal.code()).isEqualTo("LEASE_NOT_YOURS");
    }
}
