package io.annotrail.domain.common;

import java.util.Objects;

/**
 * Which annotations need a review: none, all, or a deterministic sample. The sample decision is a pure
 * function of the annotation id, so replaying events or retrying a command never changes it.
 */
public record ReviewPolicy(ReviewMode mode, double sampleRate) {

    public static final ReviewPolicy NONE = new ReviewPolicy(ReviewMode.NONE, 0);
    public static final ReviewPolicy ALL = new ReviewPolicy(ReviewMode.ALL, 1);

    public ReviewPolicy {
        Objects.requireNonNull(mode, "mode");
        if (mode == ReviewMode.SAMPLE && !(sampleRate > 0 && sampleRate < 1)) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "sampleRate must be between 0 and 1 (exclusive)",
                    java.util.List.of(new Violation("reviewPolicy.sampleRate", "must be > 0 and < 1")));
        }
        if (mode != ReviewMode.SAMPLE) {
            sampleRate = mode == ReviewMode.ALL ? 1 : 0;
        }
    }

    public static ReviewPolicy sample(double rate) {
        return new ReviewPolicy(ReviewMode.SAMPLE, rate);
    }

    public boolean requiresReview(AnnotationId annotationId) {
        return switch (mode) {
            case NONE -> false;
            case ALL -> true;
            case SAMPLE -> {
                long bits = annotationId.value().getLeastSignificantBits() ^ annotationId.value().getMostSignificantBits();
                double unit = (bits >>> 11) * 0x1.0p-53;
                yield unit < sampleRate;
            }
        };
    }
}
