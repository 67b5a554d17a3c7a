package io.annotrail.app.web;

import io.annotrail.app.ApiClient;
import io.annotrail.app.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser services end to end over a signed-in session: a manager sets a project up, an annotator works through
 * the workbench service, a manager reviews; errors come back with the REST API's codes and field violations, and
 * per-object permissions hold (outsiders are told nothing exists, wrong roles are refused).
 */
class BrowserServicesIT extends IntegrationTest {

    private static final String SCHEMA = """
            {"type": "object",
             "properties": {"label": {"enum": ["cat", "dog"]}, "notes": {"type": "string", "maxLength": 20}},
             "required": ["label"], "additionalProperties": false}""";

    @Test
    void aProjectIsSetUpAnnotatedAndReviewedThroughTheBrowserServices() {
        Team team = team("ALL");
        Account manager = team.manager();
        Account annotator = team.annotator();
        BrowserClient m = team.m();
        BrowserClient a = team.a();
        String projectId = team.projectId();
        String batchId = ok(m.call("ProjectService", "createBatch", Map.of("projectId", projectId, "name", "b1",
                "priority", 0))).asString();

        String file = """
                {"externalId": "a", "data": {"text": "<b>first</b>"}}
                {"externalId": "b", "data":
                {"externalId": "c", "data": {"text": "third"}}
                """;
        assertThat(m.upload(batchId, "application/x-ndjson", file, false).status())
                .as("an upload without the CSRF token is refused").isEqualTo(403);
        ApiClient.Response imported = m.upload(batchId, "application/x-ndjson", file, true);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(imported.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(imported.json().get("rejected").get(0).get("line").asInt()).isEqualTo(2);
        ok(m.call("BatchService", "open", Map.of("batchId", batchId)));

        JsonNode work = ok(a.call("WorkbenchService", "claim", Map.of("projectId", projectId)));
        assertThat(work.get("externalId").asString()).isEqualTo("a");
        assertThat(ApiClient.JSON.readTree(work.get("dataJson").asString()).get("text").asString()).isEqualTo("<b>first</b>");
        String taskId = work.get("taskId").asString();
        String leaseId = work.get("leaseId").asString();

        ApiClient.Response invalid = a.call("WorkbenchService", "submit", submitParams(taskId, leaseId, "s-1",
                "{\"notes\": \"far too long for the schema's limit\"}", null));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().get("detail").get("code").asString()).isEqualTo("RESPONSE_INVALID");
        assertThat(invalid.json().get("detail").get("violations").findValuesAsString("path")).contains("/notes");

        // Shown for 1 ms (a prefetched task is claimed long before it is shown): that is the time on task recorded.
        Map<String, Object> submit = submitParams(taskId, leaseId, "s-2", "{\"label\": \"cat\"}", 1L);
        String annotationId = ok(a.call("WorkbenchService", "submit", submit)).asString();
        assertThat(ok(a.call("WorkbenchService", "submit", submit)).asString())
                .as("a retried submit answers the first annotation").isEqualTo(annotationId);

        JsonNode next = ok(a.call("WorkbenchService", "claim", Map.of("projectId", projectId)));
        assertThat(next.get("externalId").asString()).isEqualTo("c");
        ok(a.call("WorkbenchService", "release", Map.of("leaseId", next.get("leaseId").asString())));

        JsonNode dashboard = ok(m.call("ProjectService", "dashboard", Map.of("projectId", projectId, "range", "HOUR")));
        assertThat(dashboard.get("tasks").asLong()).isEqualTo(2);
        assertThat(dashboard.get("annotations").asLong()).isEqualTo(1);
        assertThat(dashboard.get("throughput")).hasSize(60);
        assertThat(dashboard.get("annotators").get(0).get("name").asString()).isEqualTo(annotator.username());
        assertThat(dashboard.get("annotators").get(0).get("pending").asLong()).isEqualTo(1);

        JsonNode inProgress = ok(m.call("ProjectService", "tasks", taskFilter(projectId, "IN_PROGRESS")));
        assertThat(inProgress.get("items").findValuesAsString("externalId")).isEmpty();
        JsonNode all = ok(m.call("ProjectService", "tasks", taskFilter(projectId, null)));
        assertThat(all.get("total").asLong()).isEqualTo(2);
        assertThat(all.get("items").findValuesAsString("externalId")).containsExactlyInAnyOrder("a", "c");

        String assignment = ok(m.call("JobService", "assign", Map.of("projectId", projectId, "batchId", batchId,
                "annotators", List.of(annotator.id()), "strategy", "ROUND_ROBIN"))).asString();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonNode jobs = ok(m.call("JobService", "list", Map.of("projectId", projectId)));
            assertThat(jobs.findValuesAsString("jobId")).contains(assignment);
            assertThat(jobs.get(0).get("status").asString()).isEqualTo("COMPLETED");
            assertThat(ApiClient.JSON.readTree(jobs.get(0).get("resultJson").asString()).get("assigned").asInt())
                    .as("only c is open to the annotator").isEqualTo(1);
        });
        assertThat(code(m.call("PrelabelService", "start", Map.of("batchId", batchId)))).isEqualTo("LLM_NOT_CONFIGURED");
        assertThat(code(a.call("JobService", "assign", Map.of("projectId", projectId, "batchId", batchId,
                "annotators", List.of(annotator.id()), "strategy", "BALANCED")))).isEqualTo("FORBIDDEN");

        JsonNode queue = ok(m.call("ProjectService", "get", Map.of("projectId", projectId)));
        assertThat(queue.get("role").asString()).isEqualTo("ADMIN");
        JsonNode review = ok(m.call("TaskPageService", "reviewQueue", Map.of("projectId", projectId, "page", 0, "size", 10)));
        assertThat(review.get("items").findValuesAsString("externalId")).containsExactly("a");
        ok(m.call("TaskPageService", "review", reviewParams(annotationId, "ACCEPT", "good")));
        assertThat(ok(m.call("TaskPageService", "reviewQueue", Map.of("projectId", projectId, "page", 0, "size", 10)))
                .get("total").asLong()).isZero();

        assertThat(code(a.call("TaskPageService", "get", Map.of("taskId", taskId))))
                .as("annotators see their work in the workbench, not other people's annotations").isEqualTo("FORBIDDEN");
        JsonNode task = ok(m.call("TaskPageService", "get", Map.of("taskId", taskId)));
        assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(task.get("annotations").get(0).get("reviewStatus").asString()).isEqualTo("ACCEPTED");
        assertThat(task.get("annotations").get(0).get("timeOnTaskMillis").asLong()).isEqualTo(1);
        assertThat(task.get("annotations").get(0).get("reviewerName").asString()).isEqualTo(manager.username());
        JsonNode history = ok(m.call("TaskPageService", "history", Map.of("taskId", taskId)));
        assertThat(history.findValuesAsString("type")).contains("TaskClaimedEvent", "AnnotationSubmittedEvent",
                "AnnotationReviewedEvent");
        assertThat(history.findValuesAsString("actor")).contains(annotator.username(), manager.username());
    }

    @Test
    void outsidersAreToldNothingExistsAndWrongRolesAreRefused() {
        Team team = team("NONE");
        Account manager = team.manager();
        Account annotator = team.annotator();
        Account outsider = account("outsider");
        BrowserClient m = team.m();
        BrowserClient a = team.a();
        BrowserClient o = BrowserClient.signIn(port, outsider.username(), outsider.password());
        String workspaceId = team.workspaceId();
        String projectId = team.projectId();

        assertThat(code(o.call("ProjectService", "get", Map.of("projectId", projectId)))).isEqualTo("PROJECT_NOT_FOUND");
        assertThat(code(o.call("WorkspaceService", "members", Map.of("workspaceId", workspaceId))))
                .isEqualTo("WORKSPACE_NOT_FOUND");
        assertThat(code(o.call("WorkbenchService", "claim", Map.of("projectId", projectId)))).isEqualTo("PROJECT_NOT_FOUND");
        assertThat(code(a.call("ProjectService", "createBatch", Map.of("projectId", projectId, "name", "x", "priority", 0))))
                .isEqualTo("FORBIDDEN");
        assertThat(code(a.call("TaskPageService", "reviewQueue", Map.of("projectId", projectId, "page", 0, "size", 10))))
                .isEqualTo("FORBIDDEN");
        assertThat(code(a.call("WorkspaceService", "setRole", Map.of("workspaceId", workspaceId,
                "username", annotator.username(), "role", "ADMIN")))).isEqualTo("FORBIDDEN");
        assertThat(a.call("AccountService", "users", Map.of()).status()).as("system administrators only").isIn(401, 403);
        assertThat(code(m.call("WorkspaceService", "setRole", Map.of("workspaceId", workspaceId, "username", "nobody-here",
                "role", "ANNOTATOR")))).isEqualTo("USER_NOT_FOUND");
        // Results are for the roles that read them: an annotator's dashboard shows their own counts only, the job
        // list (with its export downloads) is not theirs, and the export's REST record carries no download link.
        String batchId = ok(m.call("ProjectService", "createBatch", Map.of("projectId", projectId, "name", "b",
                "priority", 0))).asString();
        assertThat(m.upload(batchId, "application/x-ndjson",
                "{\"externalId\": \"x\", \"data\": {}}\n{\"externalId\": \"y\", \"data\": {}}\n", true).status())
                .isEqualTo(200);
        ok(m.call("BatchService", "open", Map.of("batchId", batchId)));
        String annotation = annotateOne(a, projectId);
        annotateOne(m, projectId);
        assertThat(code(a.call("TaskPageService", "review", reviewParams(annotation, "ACCEPT", "mine"))))
                .as("a member without a reviewing role").isEqualTo("FORBIDDEN");
        assertThat(code(o.call("TaskPageService", "review", reviewParams(annotation, "ACCEPT", "outsider"))))
                .as("someone outside the workspace").isEqualTo("TASK_NOT_FOUND");
        JsonNode own = ok(a.call("ProjectService", "dashboard", Map.of("projectId", projectId, "range", "DAY")));
        assertThat(own.get("annotators").findValuesAsString("annotatorId")).containsExactly(annotator.id());
        assertThat(ok(m.call("ProjectService", "dashboard", Map.of("projectId", projectId, "range", "DAY")))
                .get("annotators")).hasSize(2);
        assertThat(code(a.call("JobService", "list", Map.of("projectId", projectId)))).isEqualTo("FORBIDDEN");

        String export = ok(m.call("JobService", "export", Map.of("projectId", projectId, "format", "JSONL"))).asString();
        assertThat(code(a.call("JobService", "cancel", Map.of("jobId", export)))).isEqualTo("FORBIDDEN");
        assertThat(code(o.call("JobService", "cancel", Map.of("jobId", export)))).isEqualTo("JOB_NOT_FOUND");
        ApiClient managerApi = anonymous.login(manager.username(), manager.password());
        ApiClient annotatorApi = anonymous.login(annotator.username(), annotator.password());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(managerApi.get("/api/v1/jobs/" + export).json().get("result").has("downloadUrl")).isTrue());
        JsonNode seenByAnnotator = annotatorApi.get("/api/v1/jobs/" + export).json();
        assertThat(seenByAnnotator.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(seenByAnnotator.get("result").has("downloadUrl")).isFalse();
        assertThat(seenByAnnotator.get("result").has("assetKey")).isFalse();
    }

    private static String annotateOne(BrowserClient who, String projectId) {
        JsonNode work = ok(who.call("WorkbenchService", "claim", Map.of("projectId", projectId)));
        return ok(who.call("WorkbenchService", "submit", submitParams(work.get("taskId").asString(),
                work.get("leaseId").asString(), "s-" + UUID.randomUUID(), "{\"label\": \"dog\"}", null))).asString();
    }

    private static Map<String, Object> submitParams(String taskId, String leaseId, String submissionId,
                                                    String responseJson, Long shownForMillis) {
        Map<String, Object> params = new HashMap<>(Map.of("taskId", taskId, "leaseId", leaseId,
                "submissionId", submissionId, "responseJson", responseJson));
        params.put("shownForMillis", shownForMillis);
        return params;
    }

    @Test
    void aRejectedAnswerComesBackToItsAnnotatorWithTheReviewersComment() {
        Team team = team("ALL");
        BrowserClient m = team.m();
        BrowserClient a = team.a();
        String projectId = team.projectId();
        String batchId = ok(m.call("ProjectService", "createBatch", Map.of("projectId", projectId, "name", "b",
                "priority", 0))).asString();
        assertThat(m.upload(batchId, "application/x-ndjson", "{\"externalId\": \"p\", \"data\": {}}\n", true)
                .status()).isEqualTo(200);
        ok(m.call("BatchService", "open", Map.of("batchId", batchId)));

        JsonNode first = ok(a.call("WorkbenchService", "claim", Map.of("projectId", projectId)));
        assertThat(first.get("rework").isNull()).isTrue();
        String annotationId = ok(a.call("WorkbenchService", "submit", submitParams(first.get("taskId").asString(),
                first.get("leaseId").asString(), "s-1", "{\"label\": \"cat\"}", null))).asString();
        ok(m.call("TaskPageService", "review", reviewParams(annotationId, "REJECT", "It is a dog")));

        JsonNode again = ok(a.call("WorkbenchService", "claim", Map.of("projectId", projectId)));
        assertThat(again.get("taskId").asString()).isEqualTo(first.get("taskId").asString());
        assertThat(again.get("rework").get("comment").asString()).isEqualTo("It is a dog");
        assertThat(again.get("rework").get("reviewerName").asString()).isEqualTo(team.manager().username());
        assertThat(ApiClient.JSON.readTree(again.get("rework").get("previousResponseJson").asString())
                .get("label").asString()).isEqualTo("cat");
    }

    @Test
    void personalAccessTokensAreMintedListedAndRevokedFromTheSession() {
        Account user = account("scripter");
        BrowserClient browser = BrowserClient.signIn(port, user.username(), user.password());

        JsonNode created = ok(browser.call("AccountService", "createToken", Map.of("name", "nightly", "days", 7)));
        String token = created.get("token").asString();
        assertThat(token).startsWith("atr_");
        ApiClient api = anonymous.withToken(token);
        assertThat(api.get("/api/v1/me").json().get("username").asString()).isEqualTo(user.username());

        JsonNode listed = ok(browser.call("AccountService", "tokens", Map.of()));
        assertThat(listed.findValuesAsString("name")).containsExactly("nightly");
        assertThat(listed.toString()).doesNotContain(token);
        assertThat(code(browser.call("AccountService", "createToken", Map.of("name", "forever", "days", 3650))))
                .as("capped by ANNOTRAIL_TOKEN_MAX_TTL").isEqualTo("VALIDATION_FAILED");

        ok(browser.call("AccountService", "revokeToken", Map.of("tokenId", created.get("id").asString())));
        assertThat(api.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(ok(browser.call("AccountService", "tokens", Map.of()))).isEmpty();
    }

    @Test
    void aBrokenSchemaIsReportedByTheCheckAndRefusedOnCreation() {
        Account manager = account("manager");
        BrowserClient m = BrowserClient.signIn(port, manager.username(), manager.password());
        String workspaceId = ok(m.call("WorkspaceService", "create", Map.of("name", "Schemas"))).asString();

        JsonNode problems = ok(m.call("ProjectService", "checkSchema", Map.of("schemaJson",
                "{\"type\": \"object\", \"properties\": {\"x\": {\"$ref\": \"https://evil.example/schema\"}}}")));
        assertThat(problems).isNotEmpty();
        assertThat(ok(m.call("ProjectService", "checkSchema", Map.of("schemaJson", SCHEMA)))).isEmpty();
        assertThat(ok(m.call("ProjectService", "checkSchema", Map.of("schemaJson", "{not json")))
                .findValuesAsString("path")).containsExactly("schemaJson");

        Map<String, Object> project = new HashMap<>(Map.of("name", "Broken", "schemaJson", "{\"type\": \"string\"}",
                "overlap", 1, "leaseSeconds", 600, "reviewMode", "NONE", "sampleRate", 0));
        ApiClient.Response refused = m.call("ProjectService", "create", Map.of("workspaceId", workspaceId, "project", project));
        assertThat(code(refused)).isEqualTo("SCHEMA_INVALID");
        assertThat(ok(m.call("ProjectService", "list", Map.of()))).isEmpty();
    }

    @Test
    void anAdministratorDisablesAUserWhoseSessionEndsAtOnceAndEnablesThemAgain() {
        Account user = account("leaver");
        BrowserClient admin = BrowserClient.signIn(port, "admin", ADMIN_PASSWORD);
        BrowserClient theirs = BrowserClient.signIn(port, user.username(), user.password());
        ok(theirs.call("UserInfoService", "me", Map.of()));

        ok(admin.call("AccountService", "disableUser", Map.of("userId", user.id())));
        assertThat(theirs.call("UserInfoService", "me", Map.of()).status()).isEqualTo(401);
        JsonNode listed = ok(admin.call("AccountService", "users", Map.of()));
        assertThat(listed).anySatisfy(u -> {
            assertThat(u.get("id").asString()).isEqualTo(user.id());
            assertThat(u.get("disabled").asBoolean()).isTrue();
        });

        ok(admin.call("AccountService", "enableUser", Map.of("userId", user.id())));
        assertThat(theirs.call("UserInfoService", "me", Map.of()).status()).as("the old session stays ended").isEqualTo(401);
        ok(BrowserClient.signIn(port, user.username(), user.password()).call("UserInfoService", "me", Map.of()));
    }

    @Test
    void theUsersServiceRefusesToDisableTheLastSystemAdministrator() {
        BrowserClient admin = BrowserClient.signIn(port, "admin", ADMIN_PASSWORD);
        String adminId = ok(admin.call("UserInfoService", "me", Map.of())).get("id").asString();
        ApiClient.Response refused = admin.call("AccountService", "disableUser", Map.of("userId", adminId));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.json().get("detail").get("code").asString()).isEqualTo("LAST_ADMIN");
        assertThat(refused.json().get("detail").get("status").asInt()).isEqualTo(422);
    }

    @Test
    void aPasswordChangedInTheBrowserKeepsThatSessionAndEndsTheOthers() {
        Account user = account("changer");
        BrowserClient here = BrowserClient.signIn(port, user.username(), user.password());
        BrowserClient there = BrowserClient.signIn(port, user.username(), user.password());
        ApiClient token = anonymous.login(user.username(), user.password());

        ok(here.call("AccountService", "changePassword", Map.of("currentPassword", user.password(),
                "newPassword", "a brand new password", "revokeTokens", true)));

        ok(here.call("UserInfoService", "me", Map.of()));
        assertThat(there.call("UserInfoService", "me", Map.of()).status()).isEqualTo(401);
        assertThat(token.get("/api/v1/me").status()).as("tokens revoked").isEqualTo(401);
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** A manager (ADMIN of a new workspace), an annotator in it, both signed in, and a project (overlap 1). */
    private record Team(Account manager, Account annotator, BrowserClient m, BrowserClient a, String workspaceId,
                        String projectId) {
    }

    private Team team(String reviewMode) {
        Account manager = account("manager");
        Account annotator = account("annotator");
        BrowserClient m = BrowserClient.signIn(port, manager.username(), manager.password());
        BrowserClient a = BrowserClient.signIn(port, annotator.username(), annotator.password());
        String workspaceId = ok(m.call("WorkspaceService", "create", Map.of("name", "ws " + manager.username())))
                .asString();
        ok(m.call("WorkspaceService", "setRole", Map.of("workspaceId", workspaceId, "username", annotator.username(),
                "role", "ANNOTATOR")));
        String projectId = ok(m.call("ProjectService", "create", Map.of("workspaceId", workspaceId, "project", Map.of(
                "name", "Pets", "instructions", "Label it", "schemaJson", SCHEMA, "overlap", 1, "leaseSeconds", 600,
                "reviewMode", reviewMode, "sampleRate", 0)))).asString();
        return new Team(manager, annotator, m, a, workspaceId, projectId);
    }

    @Test
    void theSystemServiceShowsEveryReadModelToSystemAdministratorsOnly() {
        BrowserClient root = BrowserClient.signIn(port, "admin", ADMIN_PASSWORD);
        JsonNode overview = ok(root.call("SystemService", "overview", Map.of()));
        assertThat(overview.get("processors").findValuesAsString("name")).contains("workspaces", "tasks", "queue", "jobs");
        for (JsonNode p : overview.get("processors")) {
            assertThat(p.get("state").asString()).as(p.toString()).isIn("RUNNING", "LAGGING", "REPLAYING");
        }
        assertThat(ok(root.call("SystemService", "retryDeadLetters", Map.of("group", "tasks"))).asInt()).isZero();
        ApiClient.Response unknown = root.call("SystemService", "retryDeadLetters", Map.of("group", "no-such-group"));
        assertThat(unknown.json().get("detail").get("code").asString()).as(unknown.toString()).isEqualTo("NOT_FOUND");

        Account someone = account("someone");
        BrowserClient other = BrowserClient.signIn(port, someone.username(), someone.password());
        assertThat(other.call("SystemService", "overview", Map.of()).status()).isIn(401, 403);
    }

    @Test
    void aNameWithANulIsRefusedThroughTheBrowserServicesByTheCommandSide() {
        Account manager = account("manager");
        BrowserClient m = BrowserClient.signIn(port, manager.username(), manager.password());
        ApiClient.Response refused = m.call("WorkspaceService", "create", Map.of("name", "a\u0000b"));
        assertThat(code(refused)).isEqualTo("UNSUPPORTED_CHARACTER");
        assertThat(refused.json().get("detail").get("violations").findValuesAsString("path")).containsExactly("/name");
    }

    private static Map<String, Object> taskFilter(String projectId, String status) {
        Map<String, Object> params = new HashMap<>(Map.of("projectId", projectId, "page", 0, "size", 50));
        params.put("status", status);
        params.put("batchId", null);
        return params;
    }

    private static Map<String, Object> reviewParams(String annotationId, String decision, String comment) {
        return Map.of("annotationId", annotationId, "decision", decision, "comment", comment);
    }

    private static JsonNode ok(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json() == null ? ApiClient.JSON.nullNode() : r.json();
    }

    /** The stable code of a refused call ({@code EndpointError.detail.code}). */
    private static String code(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        return r.json().get("detail").get("code").asString();
    }
}
