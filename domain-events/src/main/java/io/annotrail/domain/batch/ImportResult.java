package io.annotrail.domain.batch;

import io.annotrail.domain.common.*;
import java.util.List;

public record ImportResult(int accepted, List<String> duplicateExternalIds) {
}
