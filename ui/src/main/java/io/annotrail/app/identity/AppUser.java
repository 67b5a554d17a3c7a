package io.annotrail.app.identity;

import io.annotrail.domain.common.UserId;

/**
 * The authenticated person behind a request, whichever way they signed in. {@code credentialsVersion} is the
 * account's version of its credentials when it was read: a browser session keeps it and ends once the account's
 * version has moved on (a password change, the account disabled).
 */
public record AppUser(UserId id, String username, String displayName, boolean systemAdmin, long credentialsVersion) {
}
