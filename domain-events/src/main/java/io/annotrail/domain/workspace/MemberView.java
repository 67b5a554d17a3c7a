package io.annotrail.domain.workspace;

import io.annotrail.domain.common.*;

public record MemberView(UserId userId, Role role) {
}
