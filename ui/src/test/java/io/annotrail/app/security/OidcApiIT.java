package io.annotrail.app.security;

import io.annotrail.app.ApiClient;
import io.annotrail.domain.common.WorkspaceId;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST API with an OIDC provider configured: a real one (mock-oauth2-server: discovery, JWKS, RS256-signed
 * tokens) in the test JVM. Its own Spring context. Group "labellers" maps to ANNOTATOR and "leads" to MANAGER of
 * a workspace the bootstrap admin owns; group "outsiders" maps to a workspace the admin is not an ADMIN of (it does
 * not exist), which must be skipped without failing the request.
 */
class OidcApiIT extends OidcIntegrationTest {

    static final MockOAuth2Server OIDC = provider(() -> Instant.now().plus(OidcApiIT.providerClockOffset));
    /** Moves the provider's clock (its "iat" and "exp"), to issue tokens that expired a while ago. */
    static volatile Duration providerClockOffset = Duration.ZERO;
    static final String ISSUER_ID = "annotrail";
    static final String CLIENT_ID = "annotrail-api";
    static final WorkspaceId MAPPED = new WorkspaceId(UUID.randomUUID());
    static final WorkspaceId NOT_ADMINISTERED = new WorkspaceId(UUID.randomUUID());

    static {
        OIDC.start();
    }

    @DynamicPropertySource
    static void oidc(DynamicPropertyRegistry registry) {
        registry.add("annotrail.oidc.issuer", () -> OIDC.issuerUrl(ISSUER_ID).toString());
        registry.add("annotrail.oidc.client-id", () -> CLIENT_ID);
        registry.add("annotrail.oidc.role-mapping", () -> "labellers=" + MAPPED.value() + ":ANNOTATOR; leads="
                + MAPPED.value() + ":MANAGER;outsiders=" + NOT_ADMINISTERED.value() + ":MANAGER");
    }

    @AfterAll
    static void stopOidc() {
        OIDC.shutdown();
    }


    /** The mapped workspace, owned by the bootstrap admin (created with a known id, which the API cannot do). */
    @BeforeEach
    void mappedWorkspace() {
        adminOwnedWorkspace(MAPPED, "Mapped by OIDC groups");
    }

    private ApiClient oidcUser(String subject, Map<String, Object> claims) {
        return anonymous.withToken(OIDC.issueToken(ISSUER_ID, subject, CLIENT_ID, claims).serialize());
    }

    private static void assertUnauthenticated(ApiClient.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("UNAUTHENTICATED");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void withoutATokenTheApiAnswers401() {
        assertUnauthenticated(anonymous.get("/api/v1/me"));
        assertUnauthenticated(anonymous.get("/api/v1/workspaces"));
    }

    @Test
    void tokensFromAnotherIssuerForAnotherAudienceExpiredTamperedOrMalformedAre401() {
        String subject = unique("sub");
        Map<String, Object> claims = claims(unique("eve"), List.of("leads"));
        // Another issuer at the same provider (its own signing key and "iss").
        assertUnauthenticated(anonymous.withToken(OIDC.issueToken("elsewhere", subject, CLIENT_ID, claims).serialize())
                .get("/api/v1/me"));
        // Right issuer, but issued for another client.
        var wrongAudience = anonymous.withToken(OIDC.issueToken(ISSUER_ID, subject, "some-other-api", claims).serialize())
                .get("/api/v1/me");
        assertUnauthenticated(wrongAudience);
        assertThat(wrongAudience.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"annotrail\", error=\"invalid_token\"");
        assertThat(wrongAudience.json().get("detail").asString()).contains("aud");
        // Issued two hours ago for one hour: expired an hour ago (far beyond the 60 s clock skew).
        String expiredToken;
        providerClockOffset = Duration.ofHours(-2);
        try {
            expiredToken = OIDC.issueToken(ISSUER_ID, subject, CLIENT_ID, claims, 3600).serialize();
        } finally {
            providerClockOffset = Duration.ZERO;
        }
        var expired = anonymous.withToken(expiredToken).get("/api/v1/me");
        assertUnauthenticated(expired);
        assertThat(expired.json().get("detail").asString()).containsIgnoringCase("expired");
        // A valid token whose payload was changed: the signature no longer matches.
        String[] parts = OIDC.issueToken(ISSUER_ID, subject, CLIENT_ID, claims).serialize().split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                ("{\"iss\":\"" + OIDC.issuerUrl(ISSUER_ID) + "\",\"sub\":\"" + subject + "\",\"aud\":\"" + CLIENT_ID
                        + "\",\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}").getBytes()) + "." + parts[2];
        assertUnauthenticated(anonymous.withToken(forged).get("/api/v1/me"));
        assertUnauthenticated(anonymous.withToken("not-a-jwt").get("/api/v1/me"));
        // None of these provisioned anybody.
        assertThat(admin.get("/api/v1/users").body()).doesNotContain(claims.get("preferred_username").toString());
    }

    @Test
    void aValidTokenProvisionsTheUserOnceAndMeShowsIt() {
        String subject = unique("sub");
        String username = unique("ada");
        ApiClient ada = oidcUser(subject, claims(username, List.of()));

        var me = ada.get("/api/v1/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo(username);
        assertThat(me.json().get("displayName").asString()).isEqualTo("Name of " + username);
        assertThat(me.json().get("systemAdmin").asBoolean()).isFalse();
        String id = me.json().get("id").asString();

        // A later token of the same subject (even with another username claim) is the same account.
        var again = oidcUser(subject, claims(unique("renamed"), List.of())).get("/api/v1/me");
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        assertThat(again.json().get("username").asString()).isEqualTo(username);
        // One identity model: the account is listed with the local ones.
        assertThat(admin.get("/api/v1/users").body()).contains(id);
    }

    @Test
    void aTakenUsernameGetsASuffixAndTheClaimFallsBackToEmail() {
        User local = newUser("bob");
        var clash = oidcUser(unique("sub"), claims(local.username(), List.of())).get("/api/v1/me");
        assertThat(clash.status()).as(clash.toString()).isEqualTo(200);
        assertThat(clash.json().get("username").asString()).isEqualTo(local.username() + "-2");
        assertThat(clash.json().get("id").asString()).isNotEqualTo(local.id());

        String email = unique("carol") + "@example.org";
        var byEmail = oidcUser(unique("sub"), Map.of("email", email)).get("/api/v1/me");
        assertThat(byEmail.status()).as(byEmail.toString()).isEqualTo(200);
        assertThat(byEmail.json().get("username").asString()).isEqualTo(email);
    }

    @Test
    void aGroupMappedToAnnotatorMayNotCreateABatchAndOneMappedToManagerMay() {
        var project = admin.post("/api/v1/workspaces/" + MAPPED.value() + "/projects", Map.of("name", "Mapped pets",
                "instructions", "Label the animal", "responseSchema", simpleSchema(), "overlap", 1));
        assertThat(project.status()).as(project.toString()).isEqualTo(201);
        String batches = "/api/v1/projects/" + project.json().get("id").asString() + "/batches";

        ApiClient annotator = oidcUser(unique("sub"), claims(unique("ann"), List.of("labellers", "outsiders")));
        assertThat(roleIn(annotator, MAPPED)).isEqualTo("ANNOTATOR");
        var denied = annotator.post(batches, Map.of("name", "not mine to make"));
        assertThat(denied.status()).as(denied.toString()).isEqualTo(403);
        assertThat(denied.code()).isEqualTo("FORBIDDEN");

        ApiClient lead = oidcUser(unique("sub"), claims(unique("lead"), List.of("leads")));
        assertThat(roleIn(lead, MAPPED)).isEqualTo("MANAGER");
        var created = lead.post(batches, Map.of("name", "made by a lead"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void aMappingToAWorkspaceTheSystemAdminDoesNotAdministerIsSkipped() {
        ApiClient outsider = oidcUser(unique("sub"), claims(unique("out"), List.of("outsiders")));
        var me = outsider.get("/api/v1/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(roleIn(outsider, NOT_ADMINISTERED)).isNull();
    }

    @Test
    void anOidcUserAddedByAWorkspaceAdminGetsThatRole() {
        Fixture f = projectWith(1, null);
        ApiClient dora = oidcUser(unique("sub"), claims(unique("dora"), List.of()));
        String doraId = dora.get("/api/v1/me").json().get("id").asString();
        String batches = "/api/v1/projects/" + f.projectId() + "/batches";
        // Not a member yet: the project does not exist for her.
        assertThat(dora.post(batches, Map.of("name", "x")).status()).isEqualTo(404);

        var assign = f.manager().api().put("/api/v1/workspaces/" + f.workspaceId() + "/members/" + doraId,
                Map.of("role", "MANAGER"));
        assertThat(assign.status()).as(assign.toString()).isEqualTo(204);
        var created = dora.post(batches, Map.of("name", "made by dora"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void personalAccessTokensStillWorkBesideOidc() {
        var me = admin.get("/api/v1/me");
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        assertThat(me.json().get("username").asString()).isEqualTo("admin");
        User local = newUser("pat");
        assertThat(local.api().get("/api/v1/workspaces").status()).isEqualTo(200);
        // An unknown personal access token is refused as before, and never tried as a JWT.
        assertUnauthenticated(anonymous.withToken("atr_unknown").get("/api/v1/me"));
    }

    private static String roleIn(ApiClient client, WorkspaceId workspace) {
        var r = client.get("/api/v1/workspaces");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        for (JsonNode ws : r.json()) {
            if (ws.get("id").asString().equals(workspace.value().toString())) {
                return ws.get("role").asString();
            }
        }
        return null;
    }
}
