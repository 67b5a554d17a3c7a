package io.annotrail.command.prelabel;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.directory.InMemoryDirectory;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.task.RecordSuggestionCommand;
import io.annotrail.domain.task.RecordSuggestionFailureCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.DefaultCommandGateway;
import org.axonframework.test.utils.RecordingCommandBus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static io.annotrail.command.support.Schemas.json;
import static io.annotrail.command.support.Schemas.labelSchema;
import static org.assertj.core.api.Assertions.assertThat;

class PrelabelRunnerTest {

    static final ProjectId PROJECT = ProjectId.random();
    static final JobId JOB = JobId.random();
    static final UserId MANAGER = UserId.random();
    static final TaskId TASK = TaskId.random();
    static final String TEMPLATE = "Rules. {{instructions}}\n<task-data>\n{{data}}\n</task-data>";

    final RecordingCommandBus bus = new RecordingCommandBus();
    final List<LlmClient.Request> calls = Collections.synchronizedList(new ArrayList<>());
    boolean answered;
    PrelabelRunner runner;

    PrelabelRunner runner(Function<Integer, LlmClient.Reply> model) {
        LlmSettings settings = new LlmSettings(LlmSettings.Provider.OPENAI, URI.create("http://127.0.0.1:1/v1"), "k",
                "gpt-test", null, 1, 6000, 2, Duration.ofSeconds(1), 0.0, 100);
        AtomicInteger attempt = new AtomicInteger();
        LlmClient client = request -> {
            calls.add(request);
            return model.apply(attempt.incrementAndGet());
        };
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("settings", settings);
        beans.addBean("client", client);
        beans.addBean("directory", new InMemoryDirectory().schema(PROJECT, 1, labelSchema()));
        TaskSource tasks = (taskId, jobId) -> Optional.of(new TaskSource.TaskInput(taskId,
                json("{\"text\": \"a cat\"}"), answered));
        runner = new PrelabelRunner(beans.getBeanProvider(LlmSettings.class), beans.getBeanProvider(LlmClient.class),
                tasks, beans.getBeanProvider(Directory.class), DefaultCommandGateway.builder().commandBus(bus).build());
        return runner;
    }

    @AfterEach
    void stop() {
        if (runner != null) {
            runner.destroy();
        }
    }

    static PrelabelWork work() {
        return new PrelabelWork(JOB, PROJECT, "gpt-test", "default-labeller", "hash-1", TEMPLATE, "Pick one", 1,
                MANAGER, List.of(TASK));
    }

    static LlmClient.Reply reply(String content) {
        return new LlmClient.Reply(content, null, "req-1", 30, 4, "stop");
    }

    static LlmClient.CallFailed failure(int status, boolean retryable) {
        return new LlmClient.CallFailed("the endpoint answered " + status, retryable, status, Duration.ZERO, "req-x",
                null);
    }

    List<Object> awaitCommands(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (bus.getDispatchedCommands().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return bus.getDispatchedCommands().stream().map(CommandMessage::getPayload).map(Object.class::cast).toList();
    }

    @Test
    void aRetryableFailureIsRetriedAndTheReplyRecordedWithItsProvenance() throws Exception {
        runner(attempt -> {
            if (attempt == 1) {
                throw failure(429, true);
            }
            return reply("{\"label\": \"cat\"}");
        }).submit(work());

        List<Object> commands = awaitCommands(1);
        assertThat(calls).hasSize(2);
        assertThat(commands).hasSize(1);
        RecordSuggestionCommand recorded = (RecordSuggestionCommand) commands.getFirst();
        assertThat(recorded.suggestion()).isEqualTo(json("{\"label\": \"cat\"}"));
        assertThat(recorded.requestId()).isEqualTo("req-1");
        assertThat(recorded.promptTokens()).isEqualTo(30);
        assertThat(recorded.schemaVersion()).isEqualTo(1);
        assertThat(recorded.parameters().get("temperature").asDouble()).isZero();
        assertThat(recorded.parameters().get("strict").asBoolean()).isFalse();
        // The request: rules and instructions in the system message, the data delimited in the user message.
        assertThat(calls.getFirst().system()).isEqualTo("Rules. Pick one");
        assertThat(calls.getFirst().user()).isEqualTo("<task-data>\n{\"text\":\"a cat\"}\n</task-data>");
        assertThat(calls.getFirst().schema()).isEqualTo(labelSchema());
    }

    @Test
    void aRefusedRequestIsNotRetriedAndRecordedAsFailed() throws Exception {
        runner(attempt -> {
            throw failure(400, false);
        }).submit(work());

        List<Object> commands = awaitCommands(1);
        assertThat(calls).hasSize(1);
        assertThat(((RecordSuggestionFailureCommand) commands.getFirst()).reason())
                .startsWith("the endpoint refused the request");
    }

    @Test
    void retriesAreBoundedByMaxRetries() throws Exception {
        runner(attempt -> {
            throw failure(503, true);
        }).submit(work());

        List<Object> commands = awaitCommands(1);
        assertThat(calls).hasSize(3);
        assertThat(((RecordSuggestionFailureCommand) commands.getFirst()).reason())
                .startsWith("no usable answer after 3 attempts");
    }

    @Test
    void aReplyThatIsNotJsonIsRecordedAsFailed() throws Exception {
        runner(attempt -> reply("{\"label\": \"cat\"} and more")).submit(work());

        RecordSuggestionFailureCommand failed = (RecordSuggestionFailureCommand) awaitCommands(1).getFirst();
        assertThat(failed.reason()).startsWith("the reply is not JSON");
        assertThat(failed.requestId()).isEqualTo("req-1");
        assertThat(failed.promptTokens()).isEqualTo(30);
    }

    @Test
    void aTaskThisJobAnsweredAlreadyIsNotAskedAgain() throws Exception {
        answered = true;
        runner(attempt -> reply("{\"label\": \"cat\"}")).submit(work());

        Thread.sleep(300);
        assertThat(calls).isEmpty();
        assertThat(bus.getDispatchedCommands()).isEmpty();
    }

    @Test
    void aCancelledJobIssuesNoRequest() throws Exception {
        PrelabelRunner r = runner(attempt -> reply("{\"label\": \"cat\"}"));
        r.cancel(JOB);
        r.submit(work());

        Thread.sleep(300);
        assertThat(calls).isEmpty();
        assertThat(r.busy(JOB)).isFalse();
    }

    @Test
    void aReplyWithTextThatCannotBeStoredIsRecordedAsFailedNamingWhere() throws Exception {
        runner(attempt -> reply("{\"label\": \"c\\u0000t\"}")).submit(work());

        RecordSuggestionFailureCommand failed = (RecordSuggestionFailureCommand) awaitCommands(1).getFirst();
        assertThat(failed.reason()).startsWith("the reply has text that cannot be stored at /label");
    }

    @Test
    void aReplyIsParsedButNotValidatedHereTheTaskDecides() throws Exception {
        runner(attempt -> reply("{\"label\": \"horse\"}")).submit(work());

        RecordSuggestionCommand recorded = (RecordSuggestionCommand) awaitCommands(1).getFirst();
        JsonNode suggestion = recorded.suggestion();
        assertThat(suggestion.get("label").asString()).isEqualTo("horse");
    }
}
