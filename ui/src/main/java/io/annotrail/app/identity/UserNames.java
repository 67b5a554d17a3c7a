package io.annotrail.app.identity;

import io.annotrail.domain.common.UserId;
import org.springframework.stereotype.Component;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** Display names for the people a view shows (annotators, reviewers, actors in a history). */
@Component
public class UserNames {

    private final UserAccounts accounts;

    UserNames(UserAccounts accounts) {
        this.accounts = accounts;
    }

    /** Every id maps to a name; an id without an account (a system actor) maps to its short form. */
    public Map<UserId, String> of(Collection<UserId> ids) {
        Map<UserId, String> names = new HashMap<>();
        for (UserId id : ids) {
            names.computeIfAbsent(id, this::name);
        }
        return names;
    }

    public String name(UserId id) {
        return accounts.findAny(id)
                .map(user -> user.displayName() == null || user.displayName().isBlank()
                        ? user.username() : user.displayName())
                .orElse("user " + id.toString().substring(0, 8));
    }
}
