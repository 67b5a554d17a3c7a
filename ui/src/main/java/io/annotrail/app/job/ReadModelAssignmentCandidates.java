package io.annotrail.app.job;

import io.annotrail.command.assignment.AssignmentCandidates;
import io.annotrail.domain.common.ProjectId;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.UserId;
import io.annotrail.domain.job.TaskFilter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link AssignmentCandidates} on the read models: tasks from rm_task (status and batch filters, external-id
 * order through ix_rm_task_assignment_candidates) and who is already on a task from the claim queue's participant,
 * rework and reservation rows. It lives in the app because the command side may not depend on the query side;
 * a read model a little behind only turns into skips, since each reservation is decided by the task aggregate.
 */
@Component
class ReadModelAssignmentCandidates implements AssignmentCandidates {

    private final JdbcClient jdbc;

    ReadModelAssignmentCandidates(JdbcTemplate jdbcTemplate) {
        this.jdbc = JdbcClient.create(jdbcTemplate);
    }

    @Override
    public long count(ProjectId projectId, TaskFilter filter) {
        Where where = where(projectId, filter);
        return jdbc.sql("SELECT count(*) FROM rm_task t WHERE " + where.sql())
                .params(where.params()).query(Long.class).single();
    }

    @Override
    public List<Candidate> next(ProjectId projectId, TaskFilter filter, String after, int max,
                                Collection<UserId> annotators) {
        Where where = where(projectId, filter);
        List<Object> params = new ArrayList<>();
        UUID[] users = annotators.stream().map(UserId::value).toArray(UUID[]::new);
        params.add(users);
        params.add(users);
        params.add(users);
        params.addAll(where.params());
        String afterClause = "";
        if (after != null) {
            afterClause = " AND t.external_id > ?";
            params.add(after);
        }
        params.add(max);
        return jdbc.sql("""
                        SELECT t.task_id, t.external_id, ARRAY(
                            SELECT p.user_id FROM rm_queue_participant p
                             WHERE p.task_id = t.task_id AND p.user_id = ANY (CAST(? AS uuid[]))
                            UNION SELECT w.user_id FROM rm_queue_rework w
                             WHERE w.task_id = t.task_id AND w.user_id = ANY (CAST(? AS uuid[]))
                            UNION SELECT r.user_id FROM rm_queue_reserved r
                             WHERE r.task_id = t.task_id AND r.user_id = ANY (CAST(? AS uuid[]))) AS engaged
                        FROM rm_task t
                        WHERE""" + " " + where.sql() + afterClause + " ORDER BY t.external_id LIMIT ?")
                .params(params)
                .query((rs, n) -> new Candidate(new TaskId(rs.getObject("task_id", UUID.class)),
                        rs.getString("external_id"), users(rs.getArray("engaged"))))
                .list();
    }

    @Override
    public Map<UserId, Long> load(ProjectId projectId, Collection<UserId> annotators) {
        UUID[] users = annotators.stream().map(UserId::value).toArray(UUID[]::new);
        Map<UserId, Long> load = new HashMap<>();
        jdbc.sql("""
                        SELECT user_id, count(*) FROM (
                            SELECT r.user_id FROM rm_queue_reserved r JOIN rm_queue q ON q.task_id = r.task_id
                             WHERE q.project_id = ? AND r.user_id = ANY (CAST(? AS uuid[]))
                            UNION ALL
                            SELECT p.user_id FROM rm_queue_participant p JOIN rm_queue q ON q.task_id = p.task_id
                             WHERE q.project_id = ? AND p.lease_id IS NOT NULL AND p.user_id = ANY (CAST(? AS uuid[]))
                        ) open GROUP BY user_id""")
                .params(projectId.value(), users, projectId.value(), users)
                .query(rs -> {
                    load.put(new UserId(rs.getObject(1, UUID.class)), rs.getLong(2));
                });
        return load;
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(ProjectId projectId, TaskFilter filter) {
        StringBuilder sql = new StringBuilder("t.project_id = ?");
        List<Object> params = new ArrayList<>(List.of(projectId.value()));
        if (filter != null && filter.batchId() != null) {
            sql.append(" AND t.batch_id = ?");
            params.add(filter.batchId().value());
        }
        if (filter != null && filter.status() != null) {
            sql.append(" AND t.status = ?");
            params.add(filter.status().name());
        }
        return new Where(sql.toString(), params);
    }

    private static List<UserId> users(Array array) throws java.sql.SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(o -> new UserId((UUID) o)).toList();
    }
}
