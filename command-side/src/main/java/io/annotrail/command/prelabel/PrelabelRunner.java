package io.annotrail.command.prelabel;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.infra.ActorCorrelationDataProvider;
import io.annotrail.command.infra.Conflicts;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.job.FailJobCommand;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.task.RecordSuggestionCommand;
import io.annotrail.domain.common.StorableText;
import io.annotrail.domain.common.Violation;
import io.annotrail.domain.task.RecordSuggestionFailureCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks the model, off the saga's thread: a pool of {@code concurrency} threads (so at most that many calls are in
 * flight, over all jobs) and a shared pace of {@code requestsPerMinute}. Each task is one unit: load it, ask, retry
 * on 429 / 5xx / timeouts with exponential backoff and jitter (at least what Retry-After asks, at most
 * {@link LlmSettings#MAX_BACKOFF}), and report the outcome to the task aggregate as a command. The saga sees the
 * outcome as an event.
 * <p>
 * Nothing here is durable, on purpose: the saga keeps the tasks it is waiting for and hands them over again when its
 * watchdog finds the work gone (a restart). Before asking, the runner reads the task's own events, so a task this
 * job already answered is never asked again; the aggregate records at most one outcome per job in any case.
 * Cancelling a job stops new requests (retries included); calls in flight finish and are recorded.
 */
@Component
public class PrelabelRunner implements DisposableBean {

    static final int QUEUE = 10_000;
    static final int SEND_ATTEMPTS = 5;
    static final Duration BASE_BACKOFF = Duration.ofSeconds(1);
    /** Larger replies are not a labelling answer; reading them would only cost memory. */
    static final int MAX_REPLY_CHARS = 256 * 1024;
    /** The watchdog's margin over the worst case of one task (queueing behind the other tasks of a chunk). */
    static final Duration STALL_MARGIN = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(PrelabelRunner.class);
    private static final JsonMapper REPLIES = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final LlmSettings settings;
    private final ObjectProvider<LlmClient> clients;
    private final TaskSource tasks;
    private final ObjectProvider<Directory> directory;
    private final CommandGateway commands;
    private final ThreadPoolExecutor executor;
    private final Pace pace;
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Map<JobId, AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final Set<JobId> cancelled = ConcurrentHashMap.newKeySet();

    PrelabelRunner(ObjectProvider<LlmSettings> settings, ObjectProvider<LlmClient> clients, TaskSource tasks,
                   ObjectProvider<Directory> directory, CommandGateway commands) {
        this.settings = settings.getIfAvailable(LlmSettings::unconfigured);
        this.clients = clients;
        this.tasks = tasks;
        this.directory = directory;
        this.commands = commands;
        int threads = this.settings.concurrency();
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, "annotrail-prelabel-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.pace = new Pace(this.settings.requestsPerMinute());
    }

    /** How long the saga waits without any answer before it assumes the work was lost. */
    Duration stallTimeout() {
        return settings.worstCaseTask().plus(STALL_MARGIN);
    }

    /**
     * Queues the tasks once the caller's unit of work has committed (the saga state that waits for them is then
     * stored), or at once outside one. A task of the job that is still queued or running here is not queued twice;
     * a full queue drops the rest, which the saga's watchdog hands over again later.
     */
    void submit(PrelabelWork work) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> enqueue(work));
        } else {
            enqueue(work);
        }
    }

    void cancel(JobId jobId) {
        cancelled.add(jobId);
    }

    /** True while tasks of the job are queued or being asked here. */
    boolean busy(JobId jobId) {
        AtomicInteger count = outstanding.get(jobId);
        return count != null && count.get() > 0;
    }

    private void enqueue(PrelabelWork work) {
        for (TaskId taskId : work.tasks()) {
            String key = work.jobId() + "/" + taskId;
            if (!queued.add(key)) {
                continue;
            }
            AtomicInteger count = outstanding.computeIfAbsent(work.jobId(), id -> new AtomicInteger());
            count.incrementAndGet();
            try {
                executor.execute(() -> {
                    try {
                        ask(work, taskId);
                    } catch (RuntimeException e) {
                        log.warn("Pre-labelling task {} of job {} failed unexpectedly", taskId, work.jobId(), e);
                    } finally {
                        done(work.jobId(), key);
                    }
                });
            } catch (RejectedExecutionException e) {
                done(work.jobId(), key);
                log.warn("Pre-labelling queue full: job {} waits for its watchdog", work.jobId());
                return;
            }
        }
    }

    private void done(JobId jobId, String key) {
        queued.remove(key);
        AtomicInteger count = outstanding.get(jobId);
        if (count != null && count.decrementAndGet() <= 0) {
            outstanding.remove(jobId, count);
        }
    }

    private void ask(PrelabelWork work, TaskId taskId) {
        if (cancelled.contains(work.jobId())) {
            return;
        }
        LlmClient client = clients.getIfAvailable();
        if (client == null) {
            // Configured when the job started, gone now (the app restarted without it): nothing can be asked.
            cancel(work.jobId());
            send(new FailJobCommand(work.jobId(), "no LLM endpoint is configured", work.requestedBy()));
            return;
        }
        Optional<TaskSource.TaskInput> input = tasks.load(taskId, work.jobId());
        if (input.isEmpty() || input.get().answered()) {
            return;
        }
        Optional<JsonNode> schema = directory.getObject().schema(work.projectId(), work.schemaVersion());
        if (schema.isEmpty()) {
            fail(work, taskId, "schema version " + work.schemaVersion() + " does not exist", null, null, 0);
            return;
        }
        PromptBuilder.Messages messages = PromptBuilder.build(work.promptTemplate(), work.instructions(),
                input.get().data());
        boolean strict = StrictSchemas.supported(schema.get());
        LlmClient.Request request = new LlmClient.Request(work.model(), messages.system(), messages.user(),
                schema.get(), strict, settings.temperature(), settings.maxCompletionTokens());

        LlmClient.Reply reply = null;
        LlmClient.CallFailed last = null;
        long latencyMs = 0;
        int attempts = 0;
        while (reply == null) {
            if (cancelled.contains(work.jobId())) {
                return;
            }
            try {
                pace.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            attempts++;
            long started = System.nanoTime();
            try {
                reply = client.complete(request);
                latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            } catch (LlmClient.CallFailed e) {
                latencyMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                last = e;
                if (!e.retryable() || attempts > settings.maxRetries()) {
                    break;
                }
                try {
                    Thread.sleep(backoff(attempts, e.retryAfter()).toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (reply == null) {
            String reason = last.retryable()
                    ? "no usable answer after " + attempts + " attempts: " + last.getMessage()
                    : "the endpoint refused the request: " + last.getMessage();
            fail(work, taskId, reason, last.requestId(), null, latencyMs, 0, 0);
            return;
        }
        if (reply.content() == null || reply.content().isBlank()) {
            fail(work, taskId, reply.refusal() != null ? "the model refused: " + reply.refusal()
                    : "the model gave no answer", reply, latencyMs);
            return;
        }
        if (reply.content().length() > MAX_REPLY_CHARS) {
            fail(work, taskId, "the reply is larger than " + MAX_REPLY_CHARS + " characters", reply, latencyMs);
            return;
        }
        JsonNode suggestion;
        try {
            suggestion = REPLIES.readTree(reply.content());
        } catch (JacksonException e) {
            fail(work, taskId, "the reply is not JSON: " + e.getOriginalMessage(), reply, latencyMs);
            return;
        }
        // Text no read model can store would be refused by the command bus, and the task asked again and again.
        Violation unstorable = StorableText.firstProblem(suggestion, "");
        if (unstorable != null) {
            fail(work, taskId, "the reply has text that cannot be stored at "
                    + (unstorable.path().isEmpty() ? "/" : unstorable.path()) + ": " + unstorable.message(), reply, latencyMs);
            return;
        }
        // The task validates the suggestion against the pinned schema and records a failure if it does not match.
        send(new RecordSuggestionCommand(taskId, work.jobId(), suggestion, work.model(), work.promptId(),
                work.promptHash(), parameters(strict), storable(reply.requestId()), reply.promptTokens(),
                reply.completionTokens(), latencyMs, storable(reply.finishReason()), work.schemaVersion(),
                work.requestedBy()));
    }

    /**
     * Exponential (1 s, 2 s, 4 s, ...) with full jitter over the upper half, so that many tasks that failed together
     * do not come back together; never shorter than the endpoint's Retry-After, never longer than MAX_BACKOFF.
     */
    static Duration backoff(int attempt, Duration retryAfter) {
        long ceiling = Math.min(LlmSettings.MAX_BACKOFF.toMillis(),
                BASE_BACKOFF.toMillis() << Math.min(attempt - 1, 16));
        long wait = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        if (retryAfter != null) {
            wait = Math.max(wait, retryAfter.toMillis());
        }
        return Duration.ofMillis(Math.min(wait, LlmSettings.MAX_BACKOFF.toMillis()));
    }

    /** The sampling parameters as they were sent: part of a suggestion's provenance. */
    ObjectNode parameters(boolean strict) {
        ObjectNode parameters = JsonNodeFactory.instance.objectNode();
        if (settings.temperature() != null) {
            parameters.put("temperature", settings.temperature());
        }
        parameters.put("maxCompletionTokens", settings.maxCompletionTokens());
        parameters.put("responseFormat", "json_schema");
        parameters.put("strict", strict);
        parameters.put("provider", settings.provider().name().toLowerCase());
        return parameters;
    }

    private void fail(PrelabelWork work, TaskId taskId, String reason, LlmClient.Reply reply, long latencyMs) {
        fail(work, taskId, reason, reply.requestId(), reply.finishReason(), latencyMs, reply.promptTokens(),
                reply.completionTokens());
    }

    private void fail(PrelabelWork work, TaskId taskId, String reason, String requestId, String finishReason,
                      long latencyMs) {
        fail(work, taskId, reason, requestId, finishReason, latencyMs, 0, 0);
    }

    private void fail(PrelabelWork work, TaskId taskId, String reason, String requestId, String finishReason,
                      long latencyMs, long promptTokens, long completionTokens) {
        send(new RecordSuggestionFailureCommand(taskId, work.jobId(), storable(reason), work.model(), work.promptId(),
                work.promptHash(), storable(requestId), promptTokens, completionTokens, latencyMs,
                storable(finishReason), work.requestedBy()));
    }

    /** What the provider said (a refusal, a request id), cleaned so that recording it can never be refused. */
    private static String storable(String text) {
        return StorableText.clean(text, MAX_REPLY_CHARS);
    }

    private void send(Object command) {
        for (int attempt = 1; ; attempt++) {
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                        MetaData.with(ActorCorrelationDataProvider.ACTOR, ActorCorrelationDataProvider.SYSTEM)));
                return;
            } catch (RuntimeException e) {
                // A claim or submit appended to the task first: reloading it and deciding again is all it takes.
                if (Conflicts.isConcurrencyConflict(e) && attempt < SEND_ATTEMPTS) {
                    continue;
                }
                // Not recorded (the bus is shutting down, the job ended): the saga still awaits the task and its
                // watchdog hands it over again if the job is still running.
                log.info("Pre-labelling outcome {} not recorded: {}", command.getClass().getSimpleName(),
                        e.getMessage());
                return;
            }
        }
    }


    @Override
    public void destroy() {
        executor.shutdownNow();
    }

    /** Spaces requests evenly: one every 60 s / requestsPerMinute, shared by all threads and jobs. */
    static final class Pace {
        private final long intervalNanos;
        private long next;

        Pace(int requestsPerMinute) {
            this.intervalNanos = TimeUnit.MINUTES.toNanos(1) / Math.max(1, requestsPerMinute);
            this.next = System.nanoTime();
        }

        void acquire() throws InterruptedException {
            long wait;
            synchronized (this) {
                long now = System.nanoTime();
                long at = Math.max(now, next);
                next = at + intervalNanos;
                wait = at - now;
            }
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
        }
    }
}
