package io.annotrail.app.prelabel;

import io.annotrail.command.directory.Directory;
import io.annotrail.command.prelabel.PrelabelCandidates;
import io.annotrail.domain.common.BatchId;
import io.annotrail.domain.common.TaskId;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@link PrelabelCandidates} on the task read model: a batch's tasks in external-id order, and whether the task
 * document shows a suggestion. It lives in the app because the command side may not depend on the query side; a
 * read model a little behind can only cause a task to be asked although it just got a suggestion (the newer one
 * wins), never a task to be missed, since the tasks come from the import that the request waited for.
 */
@Component
class ReadModelPrelabelCandidates implements PrelabelCandidates {

    /** The fold writes an absent suggestion as JSON null. */
    private static final String HAS_SUGGESTION = "coalesce(jsonb_typeof(t.doc -> 'suggestion'), 'null') = 'object'";

    private final JdbcClient jdbc;
    private final Directory directory;

    ReadModelPrelabelCandidates(JdbcTemplate jdbcTemplate, Directory directory) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
        this.directory = directory;
    }

    @Override
    public long count(BatchId batchId) {
        return jdbc.sql("SELECT count(*) FROM rm_task t WHERE t.batch_id = ?")
                .param(batchId.value()).query(Long.class).single();
    }

    @Override
    public long countSuggested(BatchId batchId) {
        return jdbc.sql("SELECT count(*) FROM rm_task t WHERE t.batch_id = ? AND " + HAS_SUGGESTION)
                .param(batchId.value()).query(Long.class).single();
    }

    @Override
    public List<Candidate> next(BatchId batchId, String after, int max) {
        UUID projectId = directory.batch(batchId).map(batch -> batch.projectId().value()).orElse(null);
        if (projectId == null) {
            return List.of();
        }
        List<Object> params = new ArrayList<>(List.of(projectId, batchId.value()));
        String afterClause = "";
        if (after != null) {
            afterClause = " AND t.external_id > ?";
            params.add(after);
        }
        params.add(max);
        // project_id first: ix_rm_task_assignment_candidates (project_id, external_id) gives the order.
        return jdbc.sql("""
                        SELECT t.task_id, t.external_id FROM rm_task t
                        WHERE t.project_id = ?
                          AND t.batch_id = ? AND NOT""" + " " + HAS_SUGGESTION + afterClause
                        + " ORDER BY t.external_id LIMIT ?")
                .params(params)
                .query((rs, n) -> new Candidate(new TaskId(rs.getObject("task_id", UUID.class)),
                        rs.getString("external_id")))
                .list();
    }
}
