package io.annotrail.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Bulk assignment and export through the REST API, and the job read model that reports on them. */
class JobsApiIT extends IntegrationTest {

    @Test
    void aRoundRobinAssignmentReservesTasksThatOnlyTheirAssigneesCanClaimAndARerunChangesNothing() {
        Fixture f = projectWith(1, null);
        User anna = newUser("anna");
        User ben = newUser("ben");
        User cara = newUser("cara");
        addMember(f, anna, "ANNOTATOR");
        addMember(f, ben, "ANNOTATOR");
        addMember(f, cara, "ANNOTATOR");
        importAndOpen(f, 4);

        JsonNode job = finished(f.manager(), assign(f, List.of(anna.id(), ben.id()), Map.of()));
        assertThat(job.get("type").asString()).isEqualTo("ASSIGNMENT");
        assertThat(job.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(job.get("done").asLong()).isEqualTo(4);
        assertThat(job.get("total").asLong()).isEqualTo(4);
        assertThat(job.get("finishedAt").asString()).isNotBlank();
        assertThat(job.get("result").get("assigned").asLong()).isEqualTo(4);
        assertThat(job.get("result").get("skippedFull").asLong()).isZero();

        JsonNode rerun = finished(f.manager(), assign(f, List.of(anna.id(), ben.id()), Map.of()));
        assertThat(rerun.get("result").get("assigned").asLong()).isZero();
        assertThat(rerun.get("result").get("skippedAlreadyAssigned").asLong()).isEqualTo(4);

        // Every slot is reserved: somebody else gets nothing.
        assertThat(cara.api().post("/api/v1/projects/" + f.projectId() + "/claims", null).status()).isEqualTo(204);

        // Round robin in external-id order: t-0 and t-2 for anna, t-1 and t-3 for ben.
        assertThat(claimedExternalIds(f, anna)).containsExactlyInAnyOrder("t-0", "t-2");
        assertThat(claimedExternalIds(f, ben)).containsExactlyInAnyOrder("t-1", "t-3");
    }

    @Test
    void assigningToSomeoneWhoMayNotAnnotateIsRejectedWithTheOffendingEntry() {
        Fixture f = projectWith(1, null);
        User anna = newUser("anna");
        User analyst = newUser("analyst");
        addMember(f, anna, "ANNOTATOR");
        addMember(f, analyst, "ANALYST");
        importAndOpen(f, 1);

        var r = f.manager().api().post("/api/v1/projects/" + f.projectId() + "/assignments",
                Map.of("annotators", List.of(anna.id(), analyst.id())));
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(r.json().get("violations").get(0).get("path").asString()).isEqualTo("annotators/1");

        var empty = f.manager().api().post("/api/v1/projects/" + f.projectId() + "/assignments",
                Map.of("annotators", List.of()));
        assertThat(empty.status()).as(empty.toString()).isEqualTo(400);

        var byAnnotator = anna.api().post("/api/v1/projects/" + f.projectId() + "/assignments",
                Map.of("annotators", List.of(anna.id())));
        assertThat(byAnnotator.status()).as(byAnnotator.toString()).isEqualTo(403);
    }

    @Test
    void aCancelledAssignmentStopsBetweenChunksAndAFinishedJobCannotBeCancelled() {
        Fixture f = projectWith(1, null);
        User anna = newUser("anna");
        addMember(f, anna, "ANNOTATOR");
        importAndOpen(f, 1000);

        String jobId = assign(f, List.of(anna.id()), Map.of());
        var cancel = f.manager().api().post("/api/v1/jobs/" + jobId + "/cancel", null);
        // The job may have finished before the request arrived; then the cancellation is refused.
        assertThat(cancel.status()).as(cancel.toString()).isIn(202, 422);
        JsonNode job = finished(f.manager(), jobId);
        if (cancel.status() == 202) {
            assertThat(job.get("status").asString()).isIn("CANCELLED", "COMPLETED");
        }
        if (job.get("status").asString().equals("CANCELLED")) {
            assertThat(job.get("done").asLong()).isLessThan(1000);
            assertThat(job.has("result")).isFalse();
        }
        var again = f.manager().api().post("/api/v1/jobs/" + jobId + "/cancel", null);
        assertThat(again.status()).as(again.toString()).isEqualTo(422);
        assertThat(again.code()).isEqualTo("INVALID_TRANSITION");

        User stranger = newUser("stranger");
        assertThat(stranger.api().get("/api/v1/jobs/" + jobId).status()).isEqualTo(404);
        assertThat(anna.api().get("/api/v1/jobs/" + jobId).status()).isEqualTo(200);
        assertThat(anna.api().post("/api/v1/jobs/" + jobId + "/cancel", null).status()).isEqualTo(403);
    }

    @Test
    void aJsonlExportMatchesItsRowCountAndHashAndThePinnedPositionReproducesItByteForByte() throws Exception {
        Fixture f = projectWith(1, null);
        User anna = newUser("anna");
        addMember(f, anna, "ANNOTATOR");
        importAndOpen(f, 3);
        annotate(f, anna, "cat");

        JsonNode first = finished(f.manager(), export(f, Map.of("format", "JSONL")));
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("COMPLETED");
        JsonNode result = first.get("result");
        byte[] file = download(result.get("downloadUrl").asString());
        assertThat(sha256(file)).isEqualTo(result.get("sha256").asString());
        String[] lines = new String(file, StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(3);
        assertThat(result.get("rows").asLong()).isEqualTo(3);
        JsonNode row = ApiClient.JSON.readTree(lines[0]);
        assertThat(row.get("externalId").asString()).isEqualTo("t-0");
        assertThat(row.get("annotations")).hasSize(1);
        assertThat(row.get("annotations").get(0).get("response").get("label").asString()).isEqualTo("cat");
        assertThat(row.get("annotations").get(0).get("annotatorId").asString()).isEqualTo(anna.id());

        // A fresh signed URL on every read.
        String again = f.manager().api().get("/api/v1/jobs/" + first.get("jobId").asString()).json()
                .get("result").get("downloadUrl").asString();
        assertThat(download(again)).isEqualTo(file);

        annotate(f, anna, "dog");
        long position = result.get("eventPosition").asLong();
        JsonNode pinned = finished(f.manager(), export(f, Map.of("format", "JSONL", "eventPosition", position)));
        assertThat(pinned.get("result").get("sha256").asString()).isEqualTo(result.get("sha256").asString());
        assertThat(download(pinned.get("result").get("downloadUrl").asString())).isEqualTo(file);

        JsonNode now = finished(f.manager(), export(f, Map.of("format", "JSONL")));
        assertThat(now.get("result").get("eventPosition").asLong()).isGreaterThan(position);
        assertThat(now.get("result").get("sha256").asString()).isNotEqualTo(result.get("sha256").asString());
    }

    @Test
    void aCsvExportHasOneRowPerAnnotationAndNeutralisesFormulas() throws Exception {
        Fixture f = projectWith(1, null);
        User anna = newUser("anna");
        addMember(f, anna, "ANNOTATOR");
        String jsonl = """
                {"externalId":"a-1","data":{"text":"=HYPERLINK(\\"http://evil\\")"}}
                {"externalId":"@SUM(1+1)","data":{"text":"plain"}}
                {"externalId":"c, \\"quoted\\"","data":{"text":"-2"}}
                """;
        var imported = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "application/x-ndjson", jsonl);
        assertThat(imported.status()).as(imported.toString()).isEqualTo(200);
        assertThat(f.manager().api().post("/api/v1/batches/" + f.batchId() + "/open", null).status()).isEqualTo(204);
        annotate(f, anna, "dog");

        JsonNode job = finished(f.manager(), export(f, Map.of("format", "CSV", "include", List.of("data", "annotations"))));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("COMPLETED");
        byte[] file = download(job.get("result").get("downloadUrl").asString());
        assertThat(sha256(file)).isEqualTo(job.get("result").get("sha256").asString());
        String csv = new String(file, StandardCharsets.UTF_8);
        String[] lines = csv.split("\r\n");
        assertThat(lines[0]).isEqualTo("taskId,externalId,batchId,status,data,annotationId,annotatorId,response,"
                + "schemaVersion,submittedAt,timeOnTaskMillis,reviewStatus,reworkOf");
        assertThat(lines).hasSize(4);
        assertThat(job.get("result").get("rows").asLong()).isEqualTo(3);
        assertThat(csv).contains(",'@SUM(1+1),");
        assertThat(csv).doesNotContain(",@SUM");
        assertThat(csv).contains("\"c, \"\"quoted\"\"\"");
        // JSON cells start with a brace, so only bare text cells can carry a formula.
        assertThat(csv).contains("\"{\"\"text\"\":\"\"=HYPERLINK(");
        assertThat(csv).contains("\"{\"\"label\"\":\"\"dog\"\"}\"");
    }

    // ---- helpers ------------------------------------------------------------------------------------

    private static String assign(Fixture f, List<String> annotators, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(extra);
        body.put("annotators", annotators);
        var r = f.manager().api().post("/api/v1/projects/" + f.projectId() + "/assignments", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("jobId").asString();
    }

    private static String export(Fixture f, Map<String, Object> body) {
        var r = f.manager().api().post("/api/v1/projects/" + f.projectId() + "/exports", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        return r.json().get("jobId").asString();
    }

    @Test
    void prelabellingWithoutAConfiguredEndpointIsAClearConflictAndChangesNothing() {
        Fixture f = projectWith(1, null);
        importAndOpen(f, 1);

        var r = f.manager().api().post("/api/v1/batches/" + f.batchId() + "/prelabel", Map.of());
        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.code()).isEqualTo("LLM_NOT_CONFIGURED");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        // A stranger still learns nothing about the batch; the rest of the app works as before.
        User stranger = newUser("stranger");
        assertThat(stranger.api().post("/api/v1/batches/" + f.batchId() + "/prelabel", Map.of()).status())
                .isEqualTo(404);
        assertThat(f.manager().api().get("/api/v1/projects/" + f.projectId() + "/progress").status()).isEqualTo(200);
    }

    private static JsonNode finished(User manager, String jobId) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
            var r = manager.api().get("/api/v1/jobs/" + jobId);
            if (r.status() != 200) {
                return false;
            }
            last.set(r.json());
            return !"RUNNING".equals(r.json().get("status").asString());
        });
        return last.get();
    }

    /** Claims until nothing is left, releasing nothing; answers the external ids of the tasks claimed. */
    private Set<String> claimedExternalIds(Fixture f, User user) {
        Set<String> ids = new HashSet<>();
        while (true) {
            var claim = user.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
            if (claim.status() == 204) {
                return ids;
            }
            assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
            var task = f.manager().api().get("/api/v1/tasks/" + claim.json().get("taskId").asString());
            ids.add(task.json().get("externalId").asString());
        }
    }

    private static void annotate(Fixture f, User user, String label) {
        var claim = user.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
        var submit = user.api().post("/api/v1/tasks/" + claim.json().get("taskId").asString() + "/annotations",
                Map.of("leaseId", claim.json().get("leaseId").asString(), "submissionId", "s-" + label,
                        "response", Map.of("label", label)));
        assertThat(submit.status()).as(submit.toString()).isEqualTo(201);
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
