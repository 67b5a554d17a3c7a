package io.annotrail.command.export;

import io.annotrail.command.asset.AssetStore;
import io.annotrail.command.infra.ActorCorrelationDataProvider;
import io.annotrail.domain.common.StorableText;
import io.annotrail.domain.job.CompleteJobCommand;
import io.annotrail.domain.job.FailJobCommand;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.ReportJobProgressCommand;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs exports off the saga's thread, on a small bounded pool, so a large export never holds an event processor
 * or a transaction open. The work reports back through commands (progress, completion, failure); the export saga
 * watches for progress and starts the work again when it stalls (after a restart, the in-memory run is gone).
 * Running again is safe: the file of a job is a function of its spec, and it is written under the same key.
 */
@Component
class ExportRunner implements DisposableBean {

    static final int THREADS = 2;
    static final int QUEUE = 100;

    private static final Logger log = LoggerFactory.getLogger(ExportRunner.class);

    private final ExportWriter writer;
    private final ObjectProvider<AssetStore> assets;
    private final CommandGateway commands;
    private final ThreadPoolExecutor executor;
    private final Set<JobId> running = ConcurrentHashMap.newKeySet();
    private final Set<JobId> cancelled = ConcurrentHashMap.newKeySet();

    ExportRunner(ExportWriter writer, ObjectProvider<AssetStore> assets, CommandGateway commands) {
        this.writer = writer;
        this.assets = assets;
        this.commands = commands;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES, new ArrayBlockingQueue<>(QUEUE),
                task -> {
                    Thread thread = new Thread(task, "annotrail-export-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    long headPosition() {
        return writer.headPosition();
    }

    /**
     * Starts the export once the caller's unit of work has committed (the saga's state that asked for it is then
     * stored), or at once outside one. A job already running here is not started twice. A full queue is not an
     * error: the saga's watchdog asks again later.
     */
    void start(ExportSpec spec) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(u -> submit(spec));
        } else {
            submit(spec);
        }
    }

    void cancel(JobId jobId) {
        cancelled.add(jobId);
    }

    private void submit(ExportSpec spec) {
        if (!running.add(spec.jobId())) {
            return;
        }
        try {
            executor.execute(() -> {
                try {
                    run(spec);
                } finally {
                    running.remove(spec.jobId());
                }
            });
        } catch (RejectedExecutionException e) {
            running.remove(spec.jobId());
            log.warn("Export {} not started now: the export queue is full; the watchdog will retry", spec.jobId());
        }
    }

    private void run(ExportSpec spec) {
        AssetStore store = assets.getIfAvailable();
        if (store == null) {
            send(new FailJobCommand(spec.jobId(), "no asset store is configured", spec.requestedBy()));
            return;
        }
        try {
            AtomicLong rows = new AtomicLong();
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            AssetStore.StoredAsset stored = store.write(spec.assetKey(), spec.contentType(), out -> {
                sha256.reset();
                DigestOutputStream digesting = new DigestOutputStream(unclosable(out), sha256);
                rows.set(writer.write(spec, digesting, (done, total) -> progress(spec, done, total)));
                digesting.flush();
            });
            ObjectNode result = JsonNodeFactory.instance.objectNode();
            result.put("eventPosition", spec.eventPosition());
            result.put("rows", rows.get());
            result.put("sha256", HexFormat.of().formatHex(sha256.digest()));
            result.put("bytes", stored.size());
            result.put("format", spec.format().name());
            result.put("assetKey", stored.key());
            result.put("fileName", spec.fileName());
            send(new CompleteJobCommand(spec.jobId(), result, spec.requestedBy()));
        } catch (ExportWriter.Stopped stopped) {
            log.info("Export {} stopped (cancelled or ended elsewhere)", spec.jobId());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        } catch (IOException | RuntimeException e) {
            if (cancelled.contains(spec.jobId()) || rootCause(e) instanceof ExportWriter.Stopped) {
                return;
            }
            log.warn("Export {} failed", spec.jobId(), e);
            send(new FailJobCommand(spec.jobId(), "export failed: " + StorableText.clean(String.valueOf(e.getMessage()), 2000),
                    spec.requestedBy())); // an exception's message is not ours: it must not be refused
        } finally {
            cancelled.remove(spec.jobId());
        }
    }

    /** Answers true to stop: cancelled here, or the job refused the report because it has ended. */
    private boolean progress(ExportSpec spec, long done, long total) {
        if (cancelled.contains(spec.jobId())) {
            return true;
        }
        try {
            commands.sendAndWait(asSystem(new ReportJobProgressCommand(spec.jobId(), done, total, 0,
                    spec.requestedBy())));
            return false;
        } catch (RuntimeException e) {
            // Refused (the job ended) or not recorded: stop here; a job that is still running is restarted by the
            // saga's watchdog and writes the same file again.
            return true;
        }
    }

    private void send(Object command) {
        try {
            commands.sendAndWait(asSystem(command));
        } catch (RuntimeException e) {
            // The job ended meanwhile (cancelled) or the bus is shutting down; the saga's watchdog covers the rest.
            log.info("Export outcome {} not recorded: {}", command.getClass().getSimpleName(), e.getMessage());
        }
    }

    /** The work runs on behalf of the platform, not of a request: its events say so. */
    private static Object asSystem(Object command) {
        return GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(ActorCorrelationDataProvider.ACTOR, ActorCorrelationDataProvider.SYSTEM));
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** The asset store owns the stream's life. */
    private static OutputStream unclosable(OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                flush();
            }
        };
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
