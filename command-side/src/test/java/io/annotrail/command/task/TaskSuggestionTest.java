package io.annotrail.command.task;

import io.annotrail.domain.common.ReviewPolicy;
import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.task.AnnotationSubmittedEvent;
import io.annotrail.domain.task.RecordSuggestionCommand;
import io.annotrail.domain.task.RecordSuggestionFailureCommand;
import io.annotrail.domain.task.SuggestionFailedEvent;
import io.annotrail.domain.task.SuggestionRecordedEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.util.List;

import static io.annotrail.command.support.Schemas.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.axonframework.test.matchers.Matchers.exactSequenceOf;
import static org.axonframework.test.matchers.Matchers.payloadsMatching;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasToString;
import static org.hamcrest.Matchers.instanceOf;

class TaskSuggestionTest extends TaskTestSupport {

    static final JobId JOB = JobId.random();
    static final JobId OTHER_JOB = JobId.random();
    static final ObjectNode PARAMETERS = JsonNodeFactory.instance.objectNode().put("temperature", 0.0);

    static RecordSuggestionCommand record(JobId job, JsonNode suggestion) {
        return new RecordSuggestionCommand(TASK, job, suggestion, "gpt-test", "default-labeller", "hash-1",
                PARAMETERS, "req-1", 100, 7, 250, "stop", 1, MANAGER);
    }

    static SuggestionRecordedEvent recorded(JobId job, JsonNode suggestion) {
        return new SuggestionRecordedEvent(TASK, PROJECT, job, suggestion, "gpt-test", "default-labeller", "hash-1",
                PARAMETERS, "req-1", 100, 7, 250, "stop", 1, T0);
    }

    static AnnotationSubmittedEvent submitted(JsonNode response, boolean fromSuggestion, List<String> changed) {
        return new AnnotationSubmittedEvent(TASK, PROJECT, A1, L1, "s-1", ANNA, response, 1, T0, 0, false, null,
                fromSuggestion, changed);
    }

    @Test
    void aSuggestionThatMatchesTheSchemaIsRecordedWithItsProvenance() {
        givenTask(1, ReviewPolicy.NONE)
                .when(record(JOB, CAT))
                .expectEvents(recorded(JOB, CAT));
    }

    @Test
    void aSuggestionThatDoesNotMatchThePinnedSchemaIsRecordedAsFailedAndNotAttached() {
        givenTask(1, ReviewPolicy.NONE)
                .when(record(JOB, json("{\"label\": \"horse\"}")))
                .expectEventsMatching(payloadsMatching(exactSequenceOf(allOf(
                        instanceOf(SuggestionFailedEvent.class),
                        hasToString(containsString("does not match the response schema: /label"))))));
    }

    @Test
    void aJobRecordsOneOutcomePerTaskSoARepeatedCallAppliesNothing() {
        givenTask(1, ReviewPolicy.NONE)
                .andGiven(recorded(JOB, CAT))
                .when(record(JOB, DOG))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aFailureAfterAnOutcomeOfTheSameJobAppliesNothing() {
        givenTask(1, ReviewPolicy.NONE)
                .andGiven(recorded(JOB, CAT))
                .when(new RecordSuggestionFailureCommand(TASK, JOB, "timeout", "gpt-test", "default-labeller",
                        "hash-1", null, 0, 0, 60_000, null, MANAGER))
                .expectNoEvents();
    }

    @Test
    void aFailureIsRecordedWithTheAttemptsProvenance() {
        givenTask(1, ReviewPolicy.NONE)
                .when(new RecordSuggestionFailureCommand(TASK, JOB, "no usable answer after 5 attempts", "gpt-test",
                        "default-labeller", "hash-1", "req-9", 0, 0, 60_000, null, MANAGER))
                .expectEvents(new SuggestionFailedEvent(TASK, PROJECT, JOB, "no usable answer after 5 attempts",
                        "gpt-test", "default-labeller", "hash-1", "req-9", 0, 0, 60_000, null, T0));
    }

    @Test
    void anotherJobMayRecordANewerSuggestion() {
        givenTask(1, ReviewPolicy.NONE)
                .andGiven(recorded(JOB, CAT))
                .when(record(OTHER_JOB, DOG))
                .expectEvents(recorded(OTHER_JOB, DOG));
    }

    @Test
    void keepingTheSuggestionRecordsAnAnnotationFromItWithNothingChanged() {
        givenTask(1, ReviewPolicy.NONE)
                .andGiven(recorded(JOB, CAT))
                .andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, "s-1", A1, CAT))
                .expectEvents(submitted(CAT, true, List.of()), status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED));
    }

    @Test
    void changingTheSuggestionRecordsTheTopLevelFieldsTheAnnotatorChanged() {
        JsonNode suggested = json("{\"label\": \"cat\", \"confidence\": 0.5}");
        JsonNode response = json("{\"label\": \"dog\"}");
        givenTask(1, ReviewPolicy.NONE)
                .andGiven(recorded(JOB, suggested))
                .andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, "s-1", A1, response))
                .expectEvents(submitted(response, true, List.of("/confidence", "/label")),
                        status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED));
    }

    @Test
    void withoutASuggestionTheAnnotationDidNotStartFromOne() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(claim(ANNA, L1))
                .when(submit(ANNA, L1, "s-1", A1, CAT))
                .expectEvents(submitted(CAT, false, List.of()), status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED));
    }

    @Test
    void aSuggestionRecordedAfterTheClaimWasNeverShownSoTheAnnotationDidNotStartFromIt() {
        givenTask(1, ReviewPolicy.NONE)
                .andGivenCommands(claim(ANNA, L1))
                .andGiven(recorded(JOB, DOG))
                .when(submit(ANNA, L1, "s-1", A1, CAT))
                .expectEvents(submitted(CAT, false, List.of()), status(TaskStatus.IN_PROGRESS, TaskStatus.COMPLETED));
    }

    @Test
    void changedFieldsEscapeJsonPointerTokensAndTreatNonObjectsAsAWhole() {
        assertThat(Task.changedFields(json("{\"a/b\": 1, \"c~d\": 2, \"same\": 3}"),
                json("{\"a/b\": 2, \"c~d\": 3, \"same\": 3}"))).containsExactly("/a~1b", "/c~0d");
        assertThat(Task.changedFields(json("{\"a\": 1}"), json("{\"a\": 1}"))).isEmpty();
    }
}
