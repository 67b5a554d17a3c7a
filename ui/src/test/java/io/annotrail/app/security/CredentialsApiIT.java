package io.annotrail.app.security;

import io.annotrail.app.ApiClient;
import io.annotrail.app.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials through the REST API: password checks throttled per client address and per account, password changes
 * that revoke tokens, accounts disabled and enabled by administrators. Attackers connect from their own loopback
 * addresses (127.0.1.x), so each test's throttled keys are its own. The first delay is three seconds here (one by
 * default) so that a slow machine cannot outlast it between two requests of a test.
 */
@TestPropertySource(properties = "annotrail.sign-in.first-delay=PT3S")
class CredentialsApiIT extends IntegrationTest {

    /** A fresh loopback address per attacker, so no two tests share a throttled address. */
    private static final AtomicInteger NEXT_ADDRESS = new AtomicInteger(20);

    private static String freshAddress() {
        return "127.0.1." + NEXT_ADDRESS.getAndIncrement();
    }

    private static ApiClient.Response mint(ApiClient from, String username, String password) {
        return from.withBasic(username, password).post("/api/v1/tokens", null);
    }

    /** Fails {@code times} times from {@code from} against {@code username}; answers the statuses. */
    private static List<Integer> fail(ApiClient from, String username, int times) {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            statuses.add(mint(from, username, "not-the-password").status());
        }
        return statuses;
    }

    private static long retryAfter(ApiClient.Response r) {
        return Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void thirtyWrongPasswordsThenTheRightOneIsRefusedWith429UntilTheDelayPasses() throws Exception {
        Account victim = account("victim");
        ApiClient attacker = ApiClient.anonymousFrom(port, freshAddress());

        List<Integer> statuses = fail(attacker, victim.username(), 30);
        assertThat(statuses.subList(0, 5)).as("five free attempts").containsOnly(401);
        assertThat(statuses.stream().filter(s -> s == 429).count()).as(statuses.toString()).isGreaterThanOrEqualTo(20);
        assertThat(statuses).containsOnly(401, 429);

        var refused = mint(attacker, victim.username(), victim.password());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.code()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("application/problem+json"));
        long wait = retryAfter(refused);
        assertThat(wait).isBetween(1L, 300L);
        assertThat(mint(attacker, victim.username(), victim.password()).status()).as("still waiting").isEqualTo(429);
        assertThat(refused.json().get("retryAfterSeconds").asLong()).isEqualTo(wait);

        Thread.sleep(wait * 1000 + 200);
        var accepted = mint(attacker, victim.username(), victim.password());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
    }

    @Test
    void aSuccessfulSignInStartsTheCountOver() throws Exception {
        Account user = account("forgetful");
        ApiClient from = ApiClient.anonymousFrom(port, freshAddress());
        assertThat(fail(from, user.username(), 5)).containsOnly(401);
        var refused = mint(from, user.username(), user.password());
        assertThat(refused.status()).isEqualTo(429);
        Thread.sleep(retryAfter(refused) * 1000 + 200);
        assertThat(mint(from, user.username(), user.password()).status()).isEqualTo(201);

        assertThat(fail(from, user.username(), 4)).as("four free failures again, not a longer delay").containsOnly(401);
        assertThat(mint(from, user.username(), user.password()).status()).isEqualTo(201);
    }

    @Test
    void theRealUserAtAnAddressTheyUsedBeforeIsNotDelayedByAnAttackersFailures() {
        Account victim = account("victim");
        ApiClient home = ApiClient.anonymousFrom(port, freshAddress());
        assertThat(mint(home, victim.username(), victim.password()).status()).isEqualTo(201);

        ApiClient attacker = ApiClient.anonymousFrom(port, freshAddress());
        assertThat(fail(attacker, victim.username(), 10)).contains(429);

        assertThat(mint(home, victim.username(), victim.password()).status()).isEqualTo(201);
    }

    @Test
    void anAccountUnderAttackMakesANewAddressWaitAtMostTheShortAccountDelay() {
        Account victim = account("victim");
        ApiClient attacker = ApiClient.anonymousFrom(port, freshAddress());
        assertThat(fail(attacker, victim.username(), 10)).contains(429);

        var elsewhere = mint(ApiClient.anonymousFrom(port, freshAddress()), victim.username(), victim.password());
        assertThat(elsewhere.status()).as(elsewhere.toString()).isEqualTo(429);
        assertThat(retryAfter(elsewhere)).as("ANNOTRAIL_SIGN_IN_ACCOUNT_MAX_DELAY, one minute").isLessThanOrEqualTo(60);
    }

    @Test
    void anotherUserFromAnotherAddressIsNotDelayed() {
        Account victim = account("victim");
        Account bystander = account("bystander");
        assertThat(fail(ApiClient.anonymousFrom(port, freshAddress()), victim.username(), 10)).contains(429);

        assertThat(mint(ApiClient.anonymousFrom(port, freshAddress()), bystander.username(), bystander.password())
                .status()).isEqualTo(201);
    }

    @Test
    void everyUsernameFromAThrottledAddressWaits() {
        Account someone = account("someone");
        ApiClient sprayer = ApiClient.anonymousFrom(port, freshAddress());
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            statuses.addAll(fail(sprayer, "nobody-" + i + "-" + UUID.randomUUID(), 1));
        }
        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.subList(5, 8)).as("other usernames, same address").containsOnly(429);
        assertThat(mint(sprayer, someone.username(), someone.password()).status()).isEqualTo(429);
    }

    @Test
    void aWrongCurrentPasswordInAPasswordChangeIsThrottledLikeASignIn() {
        Account user = account("changer");
        ApiClient api = ApiClient.anonymousFrom(port, freshAddress()).login(user.username(), user.password());
        List<Integer> statuses = new ArrayList<>();
        ApiClient.Response last = null;
        for (int i = 0; i < 7; i++) {
            last = api.put("/api/v1/me/password", Map.of("currentPassword", "wrong-" + i, "newPassword", "a new long password"));
            statuses.add(last.status());
        }
        assertThat(statuses.subList(0, 5)).containsOnly(403);
        assertThat(last.status()).isEqualTo(429);
        assertThat(last.code()).isEqualTo("TOO_MANY_ATTEMPTS");
        assertThat(retryAfter(last)).isPositive();
    }

    @Test
    void changingThePasswordRevokesEveryPersonalAccessToken() {
        Account user = account("changer");
        ApiClient first = anonymous.login(user.username(), user.password());
        ApiClient second = anonymous.login(user.username(), user.password());

        var changed = first.put("/api/v1/me/password", Map.of("currentPassword", user.password(),
                "newPassword", "a brand new password"));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);

        assertThat(first.get("/api/v1/me").status()).as("the token that made the change").isEqualTo(401);
        assertThat(second.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(mint(anonymous, user.username(), user.password()).status()).isEqualTo(401);
        assertThat(mint(anonymous, user.username(), "a brand new password").status()).isEqualTo(201);
    }

    @Test
    void changingThePasswordWithRevokeTokensFalseKeepsThem() {
        Account user = account("changer");
        ApiClient api = anonymous.login(user.username(), user.password());

        var changed = api.put("/api/v1/me/password", Map.of("currentPassword", user.password(),
                "newPassword", "a brand new password", "revokeTokens", false));
        assertThat(changed.status()).as(changed.toString()).isEqualTo(204);

        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);
        assertThat(mint(anonymous, user.username(), "a brand new password").status()).isEqualTo(201);
    }

    @Test
    void aDisabledUsersTokensStopWorkingAtOnceAndTheyCannotSignIn() {
        Account user = account("leaver");
        ApiClient api = anonymous.login(user.username(), user.password());
        assertThat(api.get("/api/v1/me").status()).isEqualTo(200);

        var disabled = admin.post("/api/v1/users/" + user.id() + "/disable", null);
        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(204);

        assertThat(api.get("/api/v1/me").status()).isEqualTo(401);
        assertThat(mint(anonymous, user.username(), user.password()).status()).isEqualTo(401);
        assertThat(admin.get("/api/v1/users").json().findValuesAsString("id")).doesNotContain(user.id());
        var all = admin.get("/api/v1/users?includeDisabled=true").json();
        assertThat(all).anySatisfy(u -> {
            assertThat(u.get("id").asString()).isEqualTo(user.id());
            assertThat(u.get("disabled").asBoolean()).isTrue();
        });
    }

    @Test
    void anEnabledUserSignsInAgainButTheirOldTokensStayRevoked() {
        Account user = account("returner");
        ApiClient old = anonymous.login(user.username(), user.password());
        assertThat(admin.post("/api/v1/users/" + user.id() + "/disable", null).status()).isEqualTo(204);
        assertThat(admin.post("/api/v1/users/" + user.id() + "/enable", null).status()).isEqualTo(204);

        assertThat(old.get("/api/v1/me").status()).isEqualTo(401);
        ApiClient fresh = anonymous.login(user.username(), user.password());
        assertThat(fresh.get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void theLastSystemAdministratorCannotBeDisabled() {
        String adminId = admin.get("/api/v1/me").json().get("id").asString();
        var refused = admin.post("/api/v1/users/" + adminId + "/disable", null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(422);
        assertThat(refused.code()).isEqualTo("LAST_ADMIN");
        assertThat(admin.get("/api/v1/me").status()).isEqualTo(200);
    }

    @Test
    void onlyAdministratorsDisableUsersAndUnknownIdsAreNotFound() {
        Account user = account("someone");
        Account other = account("other");
        ApiClient api = anonymous.login(user.username(), user.password());
        var forbidden = api.post("/api/v1/users/" + other.id() + "/disable", null);
        assertThat(forbidden.status()).isEqualTo(403);
        assertThat(forbidden.code()).isEqualTo("FORBIDDEN");
        var unknown = admin.post("/api/v1/users/" + UUID.randomUUID() + "/disable", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("USER_NOT_FOUND");
        assertThat(anonymous.login(other.username(), other.password()).get("/api/v1/me").status()).isEqualTo(200);
    }
}
