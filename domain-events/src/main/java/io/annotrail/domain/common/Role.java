package io.annotrail.domain.common;

import java.util.EnumSet;
import java.util.Set;

/** A member's role inside one workspace. */
public enum Role {
    ADMIN, MANAGER, ANNOTATOR, REVIEWER, AUDITOR, ANALYST;

    /** Roles that may claim and annotate tasks. */
    public static final Set<Role> ANNOTATING = EnumSet.of(ADMIN, MANAGER, ANNOTATOR);
    /** Roles that may review annotations. */
    public static final Set<Role> REVIEWING = EnumSet.of(ADMIN, MANAGER, REVIEWER);
    /** Roles that may define projects, import and change batches. */
    public static final Set<Role> MANAGING = EnumSet.of(ADMIN, MANAGER);
    /** Roles that may read tasks, their annotations and their history. */
    public static final Set<Role> READING = EnumSet.of(ADMIN, MANAGER, REVIEWER, AUDITOR, ANALYST);
    /** Roles that may manage the membership of a workspace. */
    public static final Set<Role> ADMINISTERING = EnumSet.of(ADMIN);
}
