package io.annotrail.command.schema;

/**
 * The work one response validation may do, as a backstop behind the bounds checked when a schema is set: those
 * bound the schema, but the work also grows with the response (an {@code items} schema runs once per element, a
 * pattern costs its compiled size per character), so a submit counts what it does and stops at a fixed budget
 * instead of holding a request thread for as long as the response makes it.
 * <p>
 * Steps are counted, not time measured, so the same response meets the same answer on every machine and in every
 * test. The budget lives in a thread local because the validator calls back into our keywords and regular
 * expressions without a way to pass it along; outside {@link #run} nothing is counted (the meta-schema check of a
 * schema being set is bounded by the schema's own size).
 */
final class ValidationBudget {

    /** Keyword evaluations per response: a normal form takes tens to a few thousand. */
    static final long MAX_STEPS = 1_000_000;
    /** Characters times compiled pattern size per response (RE2J's matching cost). */
    static final long MAX_PATTERN_WORK = 100_000_000;

    private static final ThreadLocal<ValidationBudget> CURRENT = new ThreadLocal<>();

    private long steps;
    private long patternWork;

    private ValidationBudget() {
    }

    static <T> T run(java.util.function.Supplier<T> validation) {
        ValidationBudget previous = CURRENT.get();
        CURRENT.set(new ValidationBudget());
        try {
            return validation.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    static void step() {
        ValidationBudget budget = CURRENT.get();
        if (budget != null && ++budget.steps > MAX_STEPS) {
            throw new Exceeded("validation-steps: checking this response needs more than " + MAX_STEPS
                    + " keyword evaluations; the response is refused rather than checked for longer");
        }
    }

    /** Charged before a match, so an expensive one is refused before it starts. */
    static void match(long patternSize, int inputLength) {
        ValidationBudget budget = CURRENT.get();
        if (budget == null) {
            return;
        }
        long cost = Math.max(1, patternSize) * (inputLength + 1L);
        budget.patternWork += cost;
        if (cost > MAX_PATTERN_WORK || budget.patternWork > MAX_PATTERN_WORK) {
            throw new Exceeded("pattern-work: matching this response's strings against the schema's patterns costs more "
                    + "than " + MAX_PATTERN_WORK + " (characters times compiled pattern size); the response is refused "
                    + "rather than checked for longer");
        }
    }

    /** Thrown through the validator (none of its keywords swallows it) and turned into a violation by our code. */
    static final class Exceeded extends RuntimeException {
        Exceeded(String message) {
            super(message, null, false, false);
        }
    }
}
