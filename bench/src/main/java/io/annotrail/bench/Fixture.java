package io.annotrail.bench;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Everything the scenarios need in the app, made through the public REST API only: one workspace, the annotator
 * accounts (one user per simulated annotator — the queue never gives a user a task they already did, so users are
 * reused across projects), and a fresh project + batch per run.
 */
final class Fixture {

    /** A simulated annotator: its own account and token. */
    record Annotator(String userId, String username, String token) {
    }

    record Project(String id, String batchId, int tasks, int overlap) {
    }

    record ImportResult(long accepted, long duplicates, long rejected, long requests, long nanos, long bytes) {
    }

    static final String RESPONSE_SCHEMA = """
            {"type":"object","required":["label"],"additionalProperties":false,
             "properties":{"label":{"type":"string","enum":["cat","dog"]}}}""";

    final Api api;
    final String adminToken;
    final String workspaceId;
    /** Makes names unique, so the harness can run repeatedly against the same running app. */
    final String runTag;
    private final List<Annotator> annotators = new ArrayList<>();
    private int projects;

    private Fixture(Api api, String adminToken, String workspaceId, String runTag) {
        this.api = api;
        this.adminToken = adminToken;
        this.workspaceId = workspaceId;
        this.runTag = runTag;
    }

    static Fixture create(Api api, String adminPassword) {
        String tag = HexFormat.of().formatHex(new SecureRandom().generateSeed(4));
        String adminToken = api.token("admin", adminPassword);
        ObjectNode ws = Api.object().put("name", "bench " + tag);
        String workspaceId = Api.expect(api.post("/api/v1/workspaces", adminToken, ws), 201, "create workspace")
                .get("id").asString();
        return new Fixture(api, adminToken, workspaceId, tag);
    }

    /** The first n annotators, creating accounts (and adding them to the workspace) as needed. */
    synchronized List<Annotator> annotators(int n) {
        while (annotators.size() < n) {
            int i = annotators.size() + 1;
            String username = "bench-" + runTag + "-a" + i;
            String password = "bench-password-" + runTag + "-" + i;
            ObjectNode user = Api.object().put("username", username).put("password", password)
                    .put("displayName", "Bench annotator " + i);
            String userId = Api.expect(api.post("/api/v1/users", adminToken, user), 201, "create user " + username)
                    .get("id").asString();
            Api.expect(api.put("/api/v1/workspaces/" + workspaceId + "/members/" + userId, adminToken,
                    Api.object().put("role", "ANNOTATOR")), 204, "add " + username + " to the workspace");
            annotators.add(new Annotator(userId, username, api.token(username, password)));
        }
        return List.copyOf(annotators.subList(0, n));
    }

    /** A fresh project with one batch, not yet open. Lease long enough that no lease expires mid-run. */
    Project project(String label, int overlap, int tasks) {
        ObjectNode body = Api.object()
                .put("name", "bench " + runTag + " " + label + " #" + (++projects))
                .put("instructions", "Benchmark project")
                .put("overlap", overlap)
                .put("leaseSeconds", 3600)
                .put("reviewPolicy", "NONE");
        body.set("responseSchema", Api.JSON.readTree(RESPONSE_SCHEMA));
        String projectId = Api.expect(api.post("/api/v1/workspaces/" + workspaceId + "/projects", adminToken, body),
                201, "create project").get("id").asString();
        String batchId = Api.expect(api.post("/api/v1/projects/" + projectId + "/batches", adminToken,
                Api.object().put("name", "batch 1")), 201, "create batch").get("id").asString();
        return new Project(projectId, batchId, tasks, overlap);
    }

    /** Imports tasks 1..count as JSON Lines in requests of at most chunk tasks. */
    ImportResult importTasks(Project project, int count, int chunk) {
        long accepted = 0;
        long duplicates = 0;
        long rejected = 0;
        long requests = 0;
        long bytes = 0;
        long start = System.nanoTime();
        for (int from = 1; from <= count; from += chunk) {
            int to = Math.min(count, from + chunk - 1);
            byte[] body = jsonLines(from, to);
            bytes += body.length;
            Api.Response r = api.postBytes("/api/v1/batches/" + project.batchId() + "/tasks", adminToken,
                    "application/x-ndjson", body);
            JsonNode result = Api.expect(r, 200, "import tasks " + from + ".." + to);
            accepted += result.path("accepted").asLong();
            duplicates += result.path("duplicates").asLong();
            rejected += result.path("rejected").size();
            requests++;
        }
        return new ImportResult(accepted, duplicates, rejected, requests, System.nanoTime() - start, bytes);
    }

    void open(Project project) {
        Api.expect(api.post("/api/v1/batches/" + project.batchId() + "/open", adminToken, null), 204, "open batch");
    }

    /** Progress; with eventual=true answered at once from the read model instead of waiting for it to catch up. */
    JsonNode progress(String projectId, boolean eventual) {
        Api.Response r = eventual
                ? api.get("/api/v1/projects/" + projectId + "/progress", adminToken, "X-Read-Consistency", "eventual")
                : api.get("/api/v1/projects/" + projectId + "/progress", adminToken);
        return Api.expect(r, 200, "progress");
    }

    /** A realistic small task: a sentence to label and a bit of metadata (about 180 bytes of JSON). */
    static String taskData(int i) {
        return "{\"text\":\"Item " + i + ": a photo of an animal in a garden; is it a cat or a dog?\","
                + "\"source\":\"bench\",\"image\":\"img/" + UUID.nameUUIDFromBytes(Integer.toString(i).getBytes())
                + ".jpg\",\"n\":" + i + "}";
    }

    static byte[] jsonLines(int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((to - from + 1) * 200);
        for (int i = from; i <= to; i++) {
            out.writeBytes(("{\"externalId\":\"t-" + i + "\",\"data\":" + taskData(i) + "}\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Every task id of a project, through the paged task list (the list is a read model: consistent read). */
    List<String> taskIds(String projectId) {
        List<String> ids = new ArrayList<>();
        for (int page = 0; ; page++) {
            JsonNode p = Api.expect(api.get("/api/v1/projects/" + projectId + "/tasks?size=500&page=" + page,
                    adminToken), 200, "list tasks");
            for (JsonNode item : p.path("items")) {
                ids.add(item.path("taskId").asString());
            }
            if (p.path("items").size() < 500 || ids.size() >= p.path("total").asLong()) {
                return ids;
            }
        }
    }
}
