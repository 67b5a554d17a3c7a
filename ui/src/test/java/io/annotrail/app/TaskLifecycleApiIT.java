package io.annotrail.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The main path through the REST API, as a script would drive it. */
class TaskLifecycleApiIT extends IntegrationTest {

    @Test
    void anAnnotatorClaimsSubmitsAndTheHistoryShowsEveryStep() {
        Fixture f = projectWith(1, null);
        User annotator = newUser("annotator");
        addMember(f, annotator, "ANNOTATOR");
        importAndOpen(f, 2);

        var claim = annotator.api().withCorrelationId("trace-me-42").post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(claim.status()).as(claim.toString()).isEqualTo(201);
        assertThat(claim.headers().firstValue("X-Correlation-Id")).contains("trace-me-42");
        JsonNode lease = claim.json();
        String taskId = lease.get("taskId").asString();
        assertThat(lease.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(lease.get("data").get("text").asString()).startsWith("item ");
        assertThat(lease.get("expiresAt").asString()).isNotBlank();

        var renew = annotator.api().post("/api/v1/leases/" + lease.get("leaseId").asString() + "/renew", null);
        assertThat(renew.status()).as(renew.toString()).isEqualTo(200);
        assertThat(renew.json().get("expiresAt").asString()).isNotBlank();

        Map<String, Object> submit = Map.of("leaseId", lease.get("leaseId").asString(),
                "submissionId", "sub-1", "response", Map.of("label", "cat", "confidence", 4));
        var first = annotator.api().post("/api/v1/tasks/" + taskId + "/annotations", submit);
        assertThat(first.status()).as(first.toString()).isEqualTo(201);
        var retry = annotator.api().post("/api/v1/tasks/" + taskId + "/annotations", submit);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertThat(retry.json().get("annotationId").asString()).isEqualTo(first.json().get("annotationId").asString());

        var task = f.manager().api().get("/api/v1/tasks/" + taskId);
        assertThat(task.status()).as(task.toString()).isEqualTo(200);
        assertThat(task.json().get("status").asString()).isEqualTo("COMPLETED");
        assertThat(task.json().get("annotations")).hasSize(1);

        var history = f.manager().api().get("/api/v1/tasks/" + taskId + "/history");
        assertThat(history.status()).isEqualTo(200);
        List<String> types = new ArrayList<>();
        long previousSeq = -1;
        for (JsonNode e : history.json()) {
            types.add(e.get("type").asString());
            assertThat(e.get("seq").asLong()).isGreaterThan(previousSeq);
            previousSeq = e.get("seq").asLong();
            assertThat(e.get("at").asString()).isNotBlank();
        }
        assertThat(types).containsSubsequence("TaskCreatedEvent", "TaskClaimedEvent", "LeaseRenewedEvent",
                "AnnotationSubmittedEvent");
        assertThat(types.stream().filter("AnnotationSubmittedEvent"::equals)).hasSize(1);
        JsonNode claimed = find(history.json(), "TaskClaimedEvent");
        assertThat(claimed.get("actor").asString()).isEqualTo(annotator.id());
        assertThat(claimed.get("correlationId").asString()).isEqualTo("trace-me-42");
        assertThat(claimed.get("payload").get("leaseId").asString()).isEqualTo(lease.get("leaseId").asString());

        // asOf the claim: in progress, no annotation yet; before the first event: 404.
        var asOfClaim = f.manager().api().get("/api/v1/tasks/" + taskId + "?asOf=" + claimed.get("at").asString());
        assertThat(asOfClaim.status()).as(asOfClaim.toString()).isEqualTo(200);
        assertThat(asOfClaim.json().get("status").asString()).isEqualTo("IN_PROGRESS");
        assertThat(asOfClaim.json().get("annotations")).isEmpty();
        var beforeCreation = f.manager().api().get("/api/v1/tasks/" + taskId + "?asOf=2000-01-01T00:00:00Z");
        assertThat(beforeCreation.status()).isEqualTo(404);

        var progress = f.manager().api().get("/api/v1/projects/" + f.projectId() + "/progress");
        assertThat(progress.status()).isEqualTo(200);
        assertThat(progress.json().get("tasks").asLong()).isEqualTo(2);
        assertThat(progress.json().get("completed").asLong()).isEqualTo(1);
        assertThat(progress.json().get("open").asLong()).isEqualTo(1);
        assertThat(progress.json().get("annotations").asLong()).isEqualTo(1);

        var completed = f.manager().api().get("/api/v1/projects/" + f.projectId() + "/tasks?status=COMPLETED");
        assertThat(completed.status()).isEqualTo(200);
        assertThat(completed.json().get("items")).hasSize(1);
        assertThat(completed.json().get("total").asLong()).isEqualTo(1);
    }

    @Test
    void aSkippedTaskNeverComesBackToThatAnnotatorAndAReleasedOneDoes() {
        Fixture f = projectWith(1, null);
        User annotator = newUser("annotator");
        addMember(f, annotator, "ANNOTATOR");
        importAndOpen(f, 1);

        var claim = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(claim.status()).isEqualTo(201);
        var release = annotator.api().delete("/api/v1/leases/" + claim.json().get("leaseId").asString());
        assertThat(release.status()).as(release.toString()).isEqualTo(204);

        var again = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(again.status()).as(again.toString()).isEqualTo(201);
        assertThat(again.json().get("taskId").asString()).isEqualTo(claim.json().get("taskId").asString());

        var skip = annotator.api().post("/api/v1/tasks/" + again.json().get("taskId").asString() + "/skips",
                Map.of("leaseId", again.json().get("leaseId").asString(), "reason", "unreadable"));
        assertThat(skip.status()).as(skip.toString()).isEqualTo(204);
        assertThat(annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null).status()).isEqualTo(204);

        User other = newUser("annotator");
        addMember(f, other, "ANNOTATOR");
        assertThat(other.api().post("/api/v1/projects/" + f.projectId() + "/claims", null).status()).isEqualTo(201);
    }

    @Test
    void aRejectedAnnotationGoesBackToItsAnnotatorForReworkAndAnAcceptedOneCompletesTheTask() {
        Fixture f = projectWith(1, "ALL");
        User annotator = newUser("annotator");
        User reviewer = newUser("reviewer");
        addMember(f, annotator, "ANNOTATOR");
        addMember(f, reviewer, "REVIEWER");
        importAndOpen(f, 1);

        var claim = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        String taskId = claim.json().get("taskId").asString();
        var submitted = annotator.api().post("/api/v1/tasks/" + taskId + "/annotations", Map.of(
                "leaseId", claim.json().get("leaseId").asString(), "submissionId", "s1", "response", Map.of("label", "dog")));
        assertThat(submitted.status()).as(submitted.toString()).isEqualTo(201);
        String annotationId = submitted.json().get("annotationId").asString();
        assertThat(f.manager().api().get("/api/v1/tasks/" + taskId).json().get("status").asString()).isEqualTo("IN_REVIEW");

        var selfReview = annotator.api().post("/api/v1/annotations/" + annotationId + "/reviews", Map.of("decision", "ACCEPT"));
        assertThat(selfReview.status()).isIn(403, 422);

        var reject = reviewer.api().post("/api/v1/annotations/" + annotationId + "/reviews",
                Map.of("decision", "REJECT", "comment", "it is a cat"));
        assertThat(reject.status()).as(reject.toString()).isEqualTo(201);

        User stranger = newUser("annotator");
        addMember(f, stranger, "ANNOTATOR");
        assertThat(stranger.api().post("/api/v1/projects/" + f.projectId() + "/claims", null).status()).isEqualTo(204);

        var rework = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(rework.status()).as(rework.toString()).isEqualTo(201);
        assertThat(rework.json().get("taskId").asString()).isEqualTo(taskId);
        var resubmitted = annotator.api().post("/api/v1/tasks/" + taskId + "/annotations", Map.of(
                "leaseId", rework.json().get("leaseId").asString(), "submissionId", "s2", "response", Map.of("label", "cat")));
        assertThat(resubmitted.status()).as(resubmitted.toString()).isEqualTo(201);

        var accept = reviewer.api().post("/api/v1/annotations/" + resubmitted.json().get("annotationId").asString()
                + "/reviews", Map.of("decision", "ACCEPT"));
        assertThat(accept.status()).as(accept.toString()).isEqualTo(201);
        var task = f.manager().api().get("/api/v1/tasks/" + taskId).json();
        assertThat(task.get("status").asString()).isEqualTo("COMPLETED");
        assertThat(task.get("reviews")).hasSize(2);
    }

    @Test
    void importCountsDuplicatesAndReportsBadLinesWithoutStoringThem() {
        Fixture f = projectWith(1, null);
        String jsonl = """
                {"externalId":"a","data":{"text":"one"}}
                {"externalId":"b","data":{"text":"two"}}
                {not json
                {"externalId":"a","data":{"text":"again"}}
                {"data":{"text":"no id"}}
                """;
        var r = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "application/x-ndjson", jsonl);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(2);
        assertThat(r.json().get("duplicates").asInt()).isEqualTo(1);
        List<Integer> lines = new ArrayList<>();
        r.json().get("rejected").forEach(x -> lines.add(x.get("line").asInt()));
        assertThat(lines).containsExactly(3, 5);

        var again = f.manager().api().post("/api/v1/batches/" + f.batchId() + "/tasks",
                List.of(Map.of("externalId", "b", "data", Map.of("text", "dup")), Map.of("externalId", "c", "data", Map.of())));
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(again.json().get("duplicates").asInt()).isEqualTo(1);

        var csv = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "text/csv",
                "externalId,text\nd,\"hello, world\"\ne,plain\n");
        assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
        assertThat(csv.json().get("accepted").asInt()).isEqualTo(2);

        var onlyBad = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "application/x-ndjson", "nope\n");
        assertThat(onlyBad.status()).isEqualTo(400);
        assertThat(onlyBad.code()).isEqualTo("IMPORT_REJECTED");

        var atomic = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks?atomic=true", "application/x-ndjson",
                "{\"externalId\":\"z\",\"data\":{}}\nbroken\n");
        assertThat(atomic.status()).isEqualTo(400);

        var page = f.manager().api().get("/api/v1/projects/" + f.projectId() + "/tasks?size=100");
        assertThat(page.json().get("total").asLong()).isEqualTo(5);
    }

    @Test
    void changingTheSchemaMakesANewVersionAndResponsesAreValidatedAgainstTheLeasedVersion() {
        Fixture f = projectWith(1, null);
        User annotator = newUser("annotator");
        addMember(f, annotator, "ANNOTATOR");
        importAndOpen(f, 2);
        var claim = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null).json();

        var v2 = f.manager().api().put("/api/v1/projects/" + f.projectId() + "/response-schema", Map.of("responseSchema",
                Map.of("type", "object", "properties", Map.of("score", Map.of("type", "number")), "required", List.of("score"))));
        assertThat(v2.status()).as(v2.toString()).isEqualTo(200);
        assertThat(v2.json().get("schemaVersion").asInt()).isEqualTo(2);

        String taskId = claim.get("taskId").asString();
        var invalid = annotator.api().post("/api/v1/tasks/" + taskId + "/annotations", Map.of(
                "leaseId", claim.get("leaseId").asString(), "submissionId", UUID.randomUUID().toString(),
                "response", Map.of("label", "horse")));
        assertThat(invalid.status()).as(invalid.toString()).isEqualTo(400);
        assertThat(invalid.code()).isEqualTo("RESPONSE_INVALID");
        assertThat(invalid.json().get("violations")).isNotEmpty();

        var valid = annotator.api().post("/api/v1/tasks/" + taskId + "/annotations", Map.of(
                "leaseId", claim.get("leaseId").asString(), "submissionId", UUID.randomUUID().toString(),
                "response", Map.of("label", "dog")));
        assertThat(valid.status()).as(valid.toString()).isEqualTo(201);

        var next = annotator.api().post("/api/v1/projects/" + f.projectId() + "/claims", null);
        assertThat(next.json().get("schemaVersion").asInt()).isEqualTo(2);
    }

    private static JsonNode find(JsonNode events, String type) {
        for (JsonNode e : events) {
            if (e.get("type").asString().equals(type)) {
                return e;
            }
        }
        throw new AssertionError("no " + type + " in " + events);
    }
}
