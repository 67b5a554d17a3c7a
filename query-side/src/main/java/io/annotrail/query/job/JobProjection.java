package io.annotrail.query.job;

import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.common.WorkspaceId;
import io.annotrail.domain.job.FindJobQuery;
import io.annotrail.domain.job.ListJobsQuery;
import io.annotrail.domain.job.JobCancellationRequestedEvent;
import io.annotrail.domain.job.JobCancelledEvent;
import io.annotrail.domain.job.JobCompletedEvent;
import io.annotrail.domain.job.JobFailedEvent;
import io.annotrail.domain.job.JobId;
import io.annotrail.domain.job.JobProgressedEvent;
import io.annotrail.domain.job.JobStartedEvent;
import io.annotrail.domain.job.JobStatus;
import io.annotrail.domain.job.JobType;
import io.annotrail.domain.job.JobView;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One row per job (assignment, export, ...): status, counters, timings and the result.
 * <p>
 * Idempotency: the creation is an insert that ignores a conflict, every later event an update guarded by the
 * job's sequence number ({@code last_seq < seq}), so a redelivered event changes nothing. Replay: the reset handler
 * empties the table and the job events rebuild it.
 */
@Component
@ProcessingGroup(JobProjection.GROUP)
class JobProjection {

    static final String GROUP = "jobs";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    JobProjection(JdbcTemplate jdbcTemplate, JsonMapper json) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.json = json;
    }

    @EventHandler
    void on(JobStartedEvent event, @SequenceNumber long seq) {
        jdbc.sql("""
                        INSERT INTO rm_job (job_id, type, status, workspace_id, project_id, requested_by, done, total,
                                            failed, cancellation_requested, started_at, last_seq)
                        VALUES (?, ?, ?, ?, ?, ?, 0, 0, 0, false, ?, ?)
                        ON CONFLICT (job_id) DO NOTHING""")
                .params(event.jobId().value(), event.type().name(), JobStatus.RUNNING.name(),
                        event.workspaceId().value(), event.projectId().value(), event.requestedBy().value(),
                        utc(event.startedAt()), seq)
                .update();
    }

    @EventHandler
    void on(JobProgressedEvent event, @SequenceNumber long seq) {
        jdbc.sql("UPDATE rm_job SET done = ?, total = ?, failed = ?, last_seq = ? WHERE job_id = ? AND last_seq < ?")
                .params(event.done(), event.total(), event.failed(), seq, event.jobId().value(), seq)
                .update();
    }

    @EventHandler
    void on(JobCancellationRequestedEvent event, @SequenceNumber long seq) {
        jdbc.sql("UPDATE rm_job SET cancellation_requested = true, last_seq = ? WHERE job_id = ? AND last_seq < ?")
                .params(seq, event.jobId().value(), seq)
                .update();
    }

    @EventHandler
    void on(JobCompletedEvent event, @SequenceNumber long seq) {
        jdbc.sql("""
                        UPDATE rm_job SET status = ?, finished_at = ?, result = CAST(? AS jsonb), last_seq = ?
                        WHERE job_id = ? AND last_seq < ?""")
                .params(JobStatus.COMPLETED.name(), utc(event.completedAt()),
                        event.result() == null ? null : json.writeValueAsString(event.result()), seq,
                        event.jobId().value(), seq)
                .update();
    }

    @EventHandler
    void on(JobFailedEvent event, @SequenceNumber long seq) {
        finished(event.jobId(), JobStatus.FAILED, event.failedAt(), event.reason(), seq);
    }

    @EventHandler
    void on(JobCancelledEvent event, @SequenceNumber long seq) {
        finished(event.jobId(), JobStatus.CANCELLED, event.cancelledAt(), null, seq);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE rm_job").update();
    }

    @QueryHandler
    JobView handle(FindJobQuery query) {
        return jdbc.sql(SELECT_JOB + " WHERE job_id = ?")
                .param(query.jobId().value())
                .query((rs, n) -> job(rs))
                .optional()
                .orElse(null);
    }

    @QueryHandler
    List<JobView> handle(ListJobsQuery query) {
        return jdbc.sql(SELECT_JOB + " WHERE project_id = ? ORDER BY started_at DESC, job_id LIMIT ?")
                .params(query.projectId().value(), Math.clamp(query.limit(), 1, 100))
                .query((rs, n) -> job(rs))
                .list();
    }

    private static final String SELECT_JOB = """
            SELECT job_id, type, status, workspace_id, project_id, requested_by, done, total, failed,
                   cancellation_requested, started_at, finished_at, result, error
            FROM rm_job""";

    private JobView job(ResultSet rs) throws SQLException {
        String result = rs.getString("result");
        OffsetDateTime finishedAt = rs.getObject("finished_at", OffsetDateTime.class);
        return new JobView(new JobId(rs.getObject("job_id", UUID.class)), JobType.valueOf(rs.getString("type")),
                JobStatus.valueOf(rs.getString("status")),
                new WorkspaceId(rs.getObject("workspace_id", UUID.class)),
                new ProjectId(rs.getObject("project_id", UUID.class)),
                new UserId(rs.getObject("requested_by", UUID.class)),
                rs.getLong("done"), rs.getLong("total"), rs.getLong("failed"),
                rs.getBoolean("cancellation_requested"),
                rs.getObject("started_at", OffsetDateTime.class).toInstant(),
                finishedAt == null ? null : finishedAt.toInstant(),
                result == null ? null : json.readTree(result), rs.getString("error"));
    }

    private void finished(JobId jobId, JobStatus status, Instant at, String error, long seq) {
        jdbc.sql("UPDATE rm_job SET status = ?, finished_at = ?, error = ?, last_seq = ? WHERE job_id = ? AND last_seq < ?")
                .params(status.name(), utc(at), error, seq, jobId.value(), seq)
                .update();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
