package io.annotrail.app.identity;

import io.annotrail.domain.common.UserId;

/** The authenticated person behind a request, whichever way they signed in. */
public record AppUser(UserId id, String username, String displayName, boolean systemAdmin) {
}
