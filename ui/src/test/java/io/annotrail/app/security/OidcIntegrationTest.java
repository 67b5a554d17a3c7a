package io.annotrail.app.security;

import io.annotrail.app.IntegrationTest;
import io.annotrail.command.directory.Directory;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.workspace.CreateWorkspaceCommand;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.NettyWrapper;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/** Base of the tests with an OIDC provider (mock-oauth2-server) in the test JVM. */
abstract class OidcIntegrationTest extends IntegrationTest {

    @Autowired
    protected CommandGateway commands;
    @Autowired
    protected Directory directory;

    /**
     * A provider served by the library's Netty server, not its default OkHttp MockWebServer: that one needs OkHttp 5,
     * while the application's classpath has OkHttp 4 (openai-java), and the two cannot share one class path.
     * {@code clock} is the provider's "now" (its "iat" and "exp").
     */
    static MockOAuth2Server provider(Supplier<Instant> clock) {
        return new MockOAuth2Server(new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(clock::get),
                Set.of(), new NettyWrapper()));
    }

    /** Claims of a provider's token: username, display name and groups, as an OIDC provider puts them. */
    protected static Map<String, Object> claims(String username, List<String> groups) {
        Map<String, Object> claims = new HashMap<>();
        claims.put("preferred_username", username);
        claims.put("name", "Name of " + username);
        claims.put("groups", groups);
        return claims;
    }

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * A workspace with a known id (which the API cannot choose) owned by the bootstrap admin, the system actor group
     * roles are granted with; created once per Spring context.
     */
    protected void adminOwnedWorkspace(WorkspaceId id, String name) {
        synchronized (getClass()) {
            if (!directory.workspaceExists(id)) {
                String adminId = admin.get("/api/v1/me").json().get("id").asString();
                commands.sendAndWait(new CreateWorkspaceCommand(id, name, new UserId(UUID.fromString(adminId))));
            }
        }
    }
}
