package io.annotrail.app;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Text PostgreSQL cannot store (NUL, lone surrogates) is refused at the edge, in every JSON body and in every import
 * line, before it can become an event that a read model would refuse. The JSON bodies here are written by hand so
 * that they carry the escapes themselves.
 */
class UnsupportedCharactersIT extends IntegrationTest {

    @Test
    void aNulInAStringOfAJsonBodyIsRefusedNamingItsJsonPointerAndNothingIsCreated() {
        User user = newUser("nul");
        var r = user.api().postRaw("/api/v1/workspaces", "application/json", "{\"name\":\"a\\u0000b\"}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("UNSUPPORTED_CHARACTER");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.json().at("/violations/0/path").asString()).isEqualTo("/name");
        assertThat(r.json().get("detail").asString()).contains("/name").contains("U+0000");
        assertThat(user.api().get("/api/v1/workspaces").json()).isEmpty();
    }

    @Test
    void aLoneSurrogateDeepInAResponseSchemaIsRefusedAndTheSchemaVersionStays() {
        Fixture f = projectWith(1, null);
        String schema = "{\"responseSchema\":{\"type\":\"object\",\"properties\":{\"label\":{\"type\":\"string\","
                + "\"description\":\"bad \\ud800 text\"}}}}";
        var r = f.manager().api().put("/api/v1/projects/" + f.projectId() + "/response-schema", schema);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("UNSUPPORTED_CHARACTER");
        assertThat(r.json().at("/violations/0/path").asString()).isEqualTo("/responseSchema/properties/label/description");
        assertThat(f.manager().api().get("/api/v1/projects/" + f.projectId()).json().get("schemaVersion").asInt()).isEqualTo(1);
    }

    @Test
    void aNulInAnObjectKeyOfAnAnnotationResponseIsRefused() {
        Fixture f = projectWith(1, null);
        var r = f.manager().api().postRaw("/api/v1/tasks/" + java.util.UUID.randomUUID() + "/annotations", "application/json",
                "{\"leaseId\":\"" + java.util.UUID.randomUUID() + "\",\"submissionId\":\"s\",\"response\":{\"la\\u0000bel\":\"cat\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("UNSUPPORTED_CHARACTER");
        assertThat(r.json().at("/violations/0/path").asString()).isEqualTo("/response/la\u0000bel");
    }

    @Test
    void importLinesWithUnstorableTextAreRejectedWithTheirReasonAndTheOtherLinesAreImported() {
        Fixture f = projectWith(1, null);
        String body = "[{\"externalId\":\"nul-1\",\"data\":{\"t\":\"a\\u0000b\"}},"
                + "{\"externalId\":\"ok-1\",\"data\":{\"t\":\"fine \\ud83d\\ude00\"}},"
                + "{\"externalId\":\"sur-1\",\"data\":{\"deep\":[{\"t\":\"\\udc00\"}]}},"
                + "{\"externalId\":\"key-1\",\"data\":{\"k\\u0000\":1}},"
                + "{\"externalId\":\"id\\ud800\",\"data\":{\"t\":\"x\"}}]";
        var r = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "application/json", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
        JsonNode rejected = r.json().get("rejected");
        assertThat(rejected).hasSize(4);
        assertThat(rejected.get(0).get("line").asInt()).isEqualTo(1);
        assertThat(rejected.get(0).get("reason").asString()).contains("/data/t").contains("U+0000");
        assertThat(rejected.get(1).get("line").asInt()).isEqualTo(3);
        assertThat(rejected.get(1).get("reason").asString()).contains("/data/deep/0/t").contains("surrogate");
        assertThat(rejected.get(2).get("line").asInt()).isEqualTo(4);
        assertThat(rejected.get(3).get("line").asInt()).isEqualTo(5);
        String tasks = f.manager().api().get("/api/v1/projects/" + f.projectId() + "/tasks").body();
        assertThat(tasks).contains("ok-1").doesNotContain("nul-1").doesNotContain("sur-1").doesNotContain("key-1");
    }

    @Test
    void aCsvCellWithARawNulIsRejectedForItsLineOnly() {
        Fixture f = projectWith(1, null);
        var r = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "text/csv",
                "externalId,text\ncsv-nul,a\u0000b\ncsv-ok,fine\n");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("accepted").asInt()).isEqualTo(1);
        assertThat(r.json().at("/rejected/0/line").asInt()).isEqualTo(2);
        assertThat(r.json().at("/rejected/0/reason").asString()).contains("/data/text");
    }

    @Test
    void theIssuesImportOfOneNulLineIsRefusedAsAWholeWithItsLineReason() {
        Fixture f = projectWith(1, null);
        var r = f.manager().api().postRaw("/api/v1/batches/" + f.batchId() + "/tasks", "application/json",
                "[{\"externalId\":\"nul-1\",\"data\":{\"t\":\"a\\u0000b\"}}]");
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.code()).isEqualTo("IMPORT_REJECTED");
        assertThat(r.body()).contains("U+0000");
        assertThat(f.manager().api().get("/api/v1/projects/" + f.projectId() + "/tasks").json().get("total").asLong()).isZero();
    }

    @Test
    void jsonThatIsStorableIsUnaffected() {
        User user = newUser("ok");
        var r = user.api().post("/api/v1/workspaces", Map.of("name", "naïve 😀 ws"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }
}
