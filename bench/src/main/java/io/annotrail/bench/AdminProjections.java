package io.annotrail.bench;

import tools.jackson.databind.JsonNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** GET /api/v1/admin/projections and POST .../{name}/reset: the streaming processors behind the read models. */
final class AdminProjections {

    record Status(String name, long position, long head, boolean replaying) {
        boolean caughtUp(long target) {
            return position >= target && !replaying;
        }
    }

    private final Fixture fixture;

    AdminProjections(Fixture fixture) {
        this.fixture = fixture;
    }

    /** Empty when the app has no such endpoint (an older build): callers then say what they could not measure. */
    Optional<Map<String, Status>> status() {
        Api.Response r = fixture.api.get("/api/v1/admin/projections", fixture.adminToken);
        if (r.status() != 200) {
            return Optional.empty();
        }
        Map<String, Status> out = new LinkedHashMap<>();
        for (JsonNode p : r.json()) {
            String name = p.path("name").asString();
            out.put(name, new Status(name, p.path("position").asLong(-1), p.path("head").asLong(-1),
                    p.path("replaying").asBoolean(false)));
        }
        return Optional.of(out);
    }

    void reset(String name) {
        Api.expect(fixture.api.post("/api/v1/admin/projections/" + name + "/reset", fixture.adminToken, null), 202,
                "reset read model " + name);
    }
}
