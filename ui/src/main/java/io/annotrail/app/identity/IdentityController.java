package io.annotrail.app.identity;

import io.annotrail.app.infra.AnnotrailProperties;
import io.annotrail.app.security.ClientAddress;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.UserId;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Identity", description = "Accounts and personal access tokens")
class IdentityController {

    record CreateUserRequest(@NotBlank @Size(max = 64) String username,
                             @NotBlank @Size(max = 128) String password,
                             @Size(max = 200) String displayName) {
    }

    record IdResponse(UUID id) {
    }

    record UserResponse(UUID id, String username, String displayName, boolean systemAdmin, boolean disabled) {
        static UserResponse of(AppUser u) {
            return new UserResponse(u.id().value(), u.username(), u.displayName(), u.systemAdmin(), false);
        }

        static UserResponse of(UserAccounts.Listed listed) {
            AppUser u = listed.user();
            return new UserResponse(u.id().value(), u.username(), u.displayName(), u.systemAdmin(), listed.disabled());
        }
    }

    record TokenRequest(@Size(max = 100) String name, @Positive Long ttlSeconds) {
    }

    record TokenResponse(String token, Instant expiresAt, UUID id) {
    }

    /** {@code revokeTokens} (default true): also revoke the caller's personal access tokens, the one in use included. */
    record ChangePasswordRequest(@NotBlank String currentPassword, @NotBlank String newPassword, Boolean revokeTokens) {
        ChangePasswordRequest(String currentPassword, String newPassword) {
            this(currentPassword, newPassword, null);
        }
    }

    private final UserAccounts accounts;
    private final AccessTokens tokens;
    private final Credentials credentials;
    private final AnnotrailProperties properties;

    IdentityController(UserAccounts accounts, AccessTokens tokens, Credentials credentials,
                       AnnotrailProperties properties) {
        this.accounts = accounts;
        this.tokens = tokens;
        this.credentials = credentials;
        this.properties = properties;
    }

    @PostMapping("/users")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    @Operation(summary = "Create a local account (administrators only; there is no open sign-up)")
    IdResponse createUser(@Valid @RequestBody CreateUserRequest request) {
        return new IdResponse(accounts.create(request.username(), request.password(), request.displayName(), false).id().value());
    }

    @GetMapping("/users")
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    @Operation(summary = "List accounts (administrators only); disabled ones only with includeDisabled=true")
    List<UserResponse> users(@RequestParam(defaultValue = "false") boolean includeDisabled) {
        return accounts.listAll().stream()
                .filter(listed -> includeDisabled || !listed.disabled())
                .map(UserResponse::of).toList();
    }

    @PostMapping("/users/{userId}/disable")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    @Operation(summary = "Disable an account (administrators only): its tokens and browser sessions stop working at "
            + "once and it can no longer sign in; the last system administrator cannot be disabled (422 LAST_ADMIN)")
    void disable(@PathVariable UUID userId) {
        credentials.disable(new UserId(userId));
    }

    @PostMapping("/users/{userId}/enable")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('SYSTEM_ADMIN')")
    @Operation(summary = "Enable a disabled account again (administrators only); its old tokens and sessions stay ended")
    void enable(@PathVariable UUID userId) {
        credentials.enable(new UserId(userId));
    }

    @GetMapping("/me")
    @Operation(summary = "The signed-in user")
    UserResponse me() {
        return UserResponse.of(CurrentUser.get());
    }

    @PutMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change the signed-in user's password; ends their browser sessions and (unless revokeTokens "
            + "is false) revokes their personal access tokens")
    void changePassword(@Valid @RequestBody ChangePasswordRequest request) {
        changePasswordAs(request);
    }

    /** The password change behind both doors; answers the account as it is now. */
    AppUser changePasswordAs(ChangePasswordRequest request) {
        return credentials.changePassword(CurrentUser.get(), request.currentPassword(), request.newPassword(),
                request.revokeTokens() == null || request.revokeTokens(), ClientAddress.current());
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Mint a personal access token with HTTP Basic credentials")
    TokenResponse createToken(@Valid @RequestBody(required = false) TokenRequest request) {
        Duration ttl = request == null || request.ttlSeconds() == null
                ? properties.tokens().defaultTtl() : Duration.ofSeconds(request.ttlSeconds());
        var issued = tokens.issue(CurrentUser.get().id(), request == null ? null : request.name(), ttl,
                properties.tokens().maxTtl());
        return new TokenResponse(issued.token(), issued.expiresAt(), issued.id());
    }

    @GetMapping("/tokens")
    @Operation(summary = "The caller's live tokens (never the secrets)")
    List<AccessTokens.TokenInfo> listTokens() {
        return tokens.list(CurrentUser.get().id());
    }

    @DeleteMapping("/tokens/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke one of the caller's tokens")
    void revoke(@PathVariable UUID tokenId) {
        if (!tokens.revoke(CurrentUser.get().id(), tokenId)) {
            throw new DomainException(ErrorCode.NOT_FOUND, "no such token");
        }
    }
}
