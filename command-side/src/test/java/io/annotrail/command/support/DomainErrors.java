package io.annotrail.command.support;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Violation;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.Arrays;
import java.util.List;

/** Hamcrest matchers for {@link DomainException}s in fixture expectations. */
public final class DomainErrors {

    private DomainErrors() {
    }

    public static Matcher<Object> domainError(ErrorCode code, String... violationPaths) {
        List<String> paths = Arrays.asList(violationPaths);
        return new TypeSafeMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item) {
                return item instanceof DomainException e && e.code() == code
                        && e.violations().stream().map(Violation::path).toList().containsAll(paths);
            }

            @Override
            public void describeTo(Description description) {
                description.appendText("DomainException " + code + (paths.isEmpty() ? "" : " with violations at " + paths));
            }

            @Override
            protected void describeMismatchSafely(Object item, Description description) {
                if (item instanceof DomainException e) {
                    description.appendText("was " + e.code() + " " + e.getMessage() + " " + e.violations());
                } else {
                    description.appendText("was " + item);
                }
            }
        };
    }
}
