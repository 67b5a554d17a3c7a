package io.annotrail.app.identity;

import io.annotrail.app.infra.AnnotrailProperties;
import io.annotrail.app.security.CurrentUser;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
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

    record UserResponse(UUID id, String username, String displayName, boolean systemAdmin) {
        static UserResponse of(AppUser u) {
            return new UserResponse(u.id().value(), u.username(), u.displayName(), u.systemAdmin());
        }
    }

    record TokenRequest(@Size(max = 100) String name, @Positive Long ttlSeconds) {
    }

    record TokenResponse(String token, Instant expiresAt, UUID id) {
    }

    record ChangePasswordRequest(@NotBlank String currentPassword, @NotBlank String newPassword) {
    }

    private final UserAccounts accounts;
    private final AccessTokens tokens;
    private final AnnotrailProperties properties;

    IdentityController(UserAccounts accounts, AccessTokens tokens, AnnotrailProperties properties) {
        this.accounts = accounts;
        this.tokens = tokens;
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
    @Operation(summary = "List accounts (administrators only)")
    List<UserResponse> users() {
        return accounts.list().stream().map(UserResponse::of).toList();
    }

    @GetMapping("/me")
    @Operation(summary = "The signed-in user")
    UserResponse me() {
        return UserResponse.of(CurrentUser.get());
    }

    @PutMapping("/me/password")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Change the signed-in user's password")
    void changePassword(@Valid @RequestBody ChangePasswordRequest request) {
        accounts.changePassword(CurrentUser.get().id(), request.currentPassword(), request.newPassword());
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
