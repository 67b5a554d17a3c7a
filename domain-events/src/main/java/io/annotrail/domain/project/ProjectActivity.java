package io.annotrail.domain.project;

import io.annotrail.domain.common.UserId;

import java.time.Instant;
import java.util.List;

/** The answer to {@link ProjectActivityQuery}; buckets without activity are present with zero counts. */
public record ProjectActivity(List<Bucket> throughput, List<AnnotatorCounts> annotators) {

    public ProjectActivity {
        throughput = List.copyOf(throughput);
        annotators = List.copyOf(annotators);
    }

    public record Bucket(Instant start, long submitted, long reviewed) {
    }

    /** {@code pending}: waiting for a reviewer; {@code notReviewed}: the review policy did not ask for one. */
    public record AnnotatorCounts(UserId annotatorId, long submitted, long accepted, long rejected, long pending,
                                  long notReviewed) {
    }
}
