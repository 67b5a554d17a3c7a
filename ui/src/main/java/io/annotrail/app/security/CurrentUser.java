package io.annotrail.app.security;

import io.annotrail.app.identity.AppUser;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The signed-in user of the current request. */
public final class CurrentUser {

    private CurrentUser() {
    }

    public static AppUser get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof AppUser user) {
            return user;
        }
        throw new DomainException(ErrorCode.UNAUTHENTICATED, "authentication required");
    }
}
