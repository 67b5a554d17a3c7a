package io.annotrail.domain.job;

/**
 * How a bulk assignment spreads tasks: ROUND_ROBIN takes the annotators in turn; BALANCED gives each task to the
 * annotator with the fewest open reservations and leases in the project (ties go to the earlier one in the list).
 */
public enum AssignmentStrategy { ROUND_ROBIN, BALANCED }
