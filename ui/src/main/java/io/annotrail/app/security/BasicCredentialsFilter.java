package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import io.annotrail.app.identity.UserAccounts;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** HTTP Basic for the one endpoint that takes it: minting a personal access token. */
class BasicCredentialsFilter extends AuthorizationHeaderFilter {

    private final UserAccounts accounts;

    BasicCredentialsFilter(UserAccounts accounts, AuthenticationEntryPoint entryPoint) {
        super("Basic", entryPoint);
        this.accounts = accounts;
    }

    @Override
    Optional<AppUser> authenticate(String credentials) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        return colon < 0 ? Optional.empty() : accounts.authenticate(decoded.substring(0, colon), decoded.substring(colon + 1));
    }
}
