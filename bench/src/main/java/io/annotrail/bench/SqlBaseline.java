package io.annotrail.bench;


import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * Scenario 2: the same work as scenario 1 done by a bare-SQL queue on the same PostgreSQL, as the yardstick —
 * what the database alone allows. K JDBC clients (one connection each) loop claim → submit:
 * <ul>
 *   <li>claim: one transaction — pick the first task with a free slot that this annotator has never held,
 *       {@code FOR UPDATE SKIP LOCKED} so concurrent claimers spread over tasks, take a slot, insert the lease
 *       (unique per task and annotator: distinct annotators, as the product enforces);</li>
 *   <li>submit: one transaction — end the caller's live lease (the fencing check), insert the annotation (unique
 *       submission id), count it on the task.</li>
 * </ul>
 * No authentication, no events, no read models: the ratio ours / baseline is the price of all of that.
 */
final class SqlBaseline {

    record Result(int annotators, int tasks, int overlap, double seconds, long cycles, double cyclesPerSecond,
                  LatencyStats claim, LatencyStats submit, long emptyClaims, long errors, Map<String, Long> errorsByKind,
                  boolean capped, long tasksWrongAnnotationCount, long duplicateAnnotatorPairs, long slotsOverbooked,
                  boolean correct) {
    }

    private static final String SCHEMA = """
            DROP TABLE IF EXISTS bench_annotation, bench_lease, bench_task;
            CREATE TABLE bench_task (
                id          BIGSERIAL PRIMARY KEY,
                run_id      INT    NOT NULL,
                external_id TEXT   NOT NULL,
                data        JSONB  NOT NULL,
                overlap     INT    NOT NULL,
                free_slots  INT    NOT NULL,
                annotations INT    NOT NULL DEFAULT 0,
                UNIQUE (run_id, external_id)
            );
            CREATE INDEX bench_task_ready ON bench_task (run_id, id) WHERE free_slots > 0;
            CREATE TABLE bench_lease (
                lease_id   UUID        PRIMARY KEY,
                task_id    BIGINT      NOT NULL REFERENCES bench_task,
                annotator  INT         NOT NULL,
                claimed_at TIMESTAMPTZ NOT NULL,
                expires_at TIMESTAMPTZ NOT NULL,
                state      TEXT        NOT NULL DEFAULT 'LIVE',
                UNIQUE (task_id, annotator)
            );
            CREATE TABLE bench_annotation (
                id            BIGSERIAL   PRIMARY KEY,
                task_id       BIGINT      NOT NULL REFERENCES bench_task,
                lease_id      UUID        NOT NULL UNIQUE REFERENCES bench_lease,
                annotator     INT         NOT NULL,
                submission_id TEXT        NOT NULL UNIQUE,
                response      JSONB       NOT NULL,
                submitted_at  TIMESTAMPTZ NOT NULL
            );
            """;

    private static final String CLAIM_SELECT = """
            SELECT t.id, t.data FROM bench_task t
             WHERE t.run_id = ? AND t.free_slots > 0
               AND NOT EXISTS (SELECT 1 FROM bench_lease l WHERE l.task_id = t.id AND l.annotator = ?)
             ORDER BY t.id
             LIMIT 1
               FOR UPDATE SKIP LOCKED""";
    private static final String CLAIM_TAKE_SLOT = "UPDATE bench_task SET free_slots = free_slots - 1 WHERE id = ?";
    private static final String CLAIM_LEASE = """
            INSERT INTO bench_lease (lease_id, task_id, annotator, claimed_at, expires_at)
            VALUES (?, ?, ?, now(), now() + interval '3600 seconds')""";
    private static final String SUBMIT_END_LEASE = """
            UPDATE bench_lease SET state = 'SUBMITTED'
             WHERE lease_id = ? AND annotator = ? AND state = 'LIVE' AND expires_at > now()
            RETURNING task_id""";
    private static final String SUBMIT_INSERT = """
            INSERT INTO bench_annotation (task_id, lease_id, annotator, submission_id, response, submitted_at)
            VALUES (?, ?, ?, ?, ?::jsonb, now())""";
    private static final String SUBMIT_COUNT = "UPDATE bench_task SET annotations = annotations + 1 WHERE id = ?";


    private final AppProcess.Db db;
    private int runs;

    SqlBaseline(AppProcess.Db db) {
        this.db = db;
    }

    Connection connect() throws SQLException {
        Properties p = new Properties();
        if (db.user() != null) {
            p.setProperty("user", db.user());
        }
        if (db.password() != null) {
            p.setProperty("password", db.password());
        }
        p.setProperty("ApplicationName", "annotrail-bench");
        return DriverManager.getConnection(db.url(), p);
    }

    /** Fresh bench_* tables (the app's own tables are never touched). */
    void createSchema() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(SCHEMA);
        }
    }

    Result run(int k, int tasks, int requestedOverlap, Duration cap) throws SQLException, InterruptedException {
        return run(k, tasks, requestedOverlap, cap, null, List.of());
    }

    /**
     * The HTTP bare-SQL baseline: the same statements, run by the app behind its own HTTP stack and token
     * authentication (its bench endpoints, {@code ANNOTRAIL_BENCH_ENDPOINTS=true}); each annotator thread calls
     * them over HTTP with its own user's bearer token. Same tables, checks and result shape as the JDBC baseline.
     */
    Result runHttp(int k, int tasks, int requestedOverlap, Duration cap, Api api, List<String> tokens)
            throws SQLException, InterruptedException {
        return run(k, tasks, requestedOverlap, cap, api, tokens);
    }

    private Result run(int k, int tasks, int requestedOverlap, Duration cap, Api api, List<String> tokens)
            throws SQLException, InterruptedException {
        int overlap = Math.min(requestedOverlap, k);
        int runId = ++runs;
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO bench_task (run_id, external_id, data, overlap, free_slots) VALUES (?, ?, ?::jsonb, ?, ?)")) {
                for (int i = 1; i <= tasks; i++) {
                    insert.setInt(1, runId);
                    insert.setString(2, "t-" + i);
                    insert.setString(3, Fixture.taskData(i));
                    insert.setInt(4, overlap);
                    insert.setInt(5, overlap);
                    insert.addBatch();
                    if (i % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("ANALYZE bench_task");
                s.execute("ANALYZE bench_lease");
            }
        }

        RunState run = new RunState((long) tasks * overlap);
        List<Connection> connections = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        try {
            for (int i = 0; i < k; i++) {
                RunState.Worker worker = run.newWorker();
                int annotator = i + 1;
                if (api != null) {
                    String token = tokens.get(i);
                    threads.add(Thread.ofPlatform().name("http-sql-annotator-" + annotator).unstarted(() -> {
                        try {
                            run.awaitGo();
                            annotateHttp(api, token, runId, annotator, worker, run);
                        } catch (InterruptedException ignored) {
                            // stop
                        }
                    }));
                    continue;
                }
                Connection c = connect();
                c.setAutoCommit(false);
                connections.add(c);
                threads.add(Thread.ofPlatform().name("sql-annotator-" + annotator).unstarted(() -> {
                    try {
                        run.awaitGo();
                        annotate(c, runId, annotator, worker, run);
                    } catch (InterruptedException ignored) {
                        // stop
                    }
                }));
            }
            threads.forEach(Thread::start);
            run.go();
            run.await(threads, cap);
            long errorCount = run.errorCount();

            long wrong;
            long duplicates;
            long overbooked;
            try (Connection c = connect(); Statement s = c.createStatement()) {
                wrong = single(s, """
                        SELECT count(*) FROM bench_task t
                         WHERE t.run_id = %d
                           AND (SELECT count(*) FROM bench_annotation a WHERE a.task_id = t.id) <> t.overlap"""
                        .formatted(runId));
                duplicates = single(s, """
                        SELECT count(*) FROM (SELECT a.task_id, a.annotator FROM bench_annotation a
                          JOIN bench_task t ON t.id = a.task_id WHERE t.run_id = %d
                         GROUP BY a.task_id, a.annotator HAVING count(*) > 1) d""".formatted(runId));
                overbooked = single(s, "SELECT count(*) FROM bench_task WHERE run_id = %d AND free_slots < 0"
                        .formatted(runId));
            }
            long cycles = run.cycles();
            boolean capped = run.capped();
            boolean correct = errorCount == 0 && duplicates == 0 && overbooked == 0
                    && (capped || (wrong == 0 && cycles == run.target()));
            double seconds = run.seconds();
            return new Result(k, tasks, overlap, seconds, cycles, cycles / seconds, run.claimLatency(),
                    run.submitLatency(), run.emptyClaims(), errorCount, run.errorKinds(), capped, wrong, duplicates,
                    overbooked, correct);
        } finally {
            run.stop();
            for (Thread t : threads) {
                t.join(10_000);
            }
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing after the run
                }
            }
        }
    }

    private static void annotate(Connection c, int runId, int annotator, RunState.Worker worker, RunState run)
            throws InterruptedException {
        int emptyStreak = 0;
        long n = 0;
        try (PreparedStatement select = c.prepareStatement(CLAIM_SELECT);
             PreparedStatement takeSlot = c.prepareStatement(CLAIM_TAKE_SLOT);
             PreparedStatement lease = c.prepareStatement(CLAIM_LEASE);
             PreparedStatement endLease = c.prepareStatement(SUBMIT_END_LEASE);
             PreparedStatement insert = c.prepareStatement(SUBMIT_INSERT);
             PreparedStatement countIt = c.prepareStatement(SUBMIT_COUNT)) {
            while (!run.stopped()) {
                // claim
                long t0 = System.nanoTime();
                long taskId;
                UUID leaseId = UUID.randomUUID();
                try {
                    select.setInt(1, runId);
                    select.setInt(2, annotator);
                    try (ResultSet rs = select.executeQuery()) {
                        if (!rs.next()) {
                            c.commit();
                            if (run.emptyClaim(++emptyStreak)) {
                                return;
                            }
                            Thread.sleep(RunState.backoffMillis(emptyStreak));
                            continue;
                        }
                        taskId = rs.getLong(1);
                        rs.getString(2); // the task data travels to the client, as in the product's claim
                    }
                    takeSlot.setLong(1, taskId);
                    takeSlot.executeUpdate();
                    lease.setObject(1, leaseId);
                    lease.setLong(2, taskId);
                    lease.setInt(3, annotator);
                    lease.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    rollback(c);
                    run.error("claim " + e.getSQLState());
                    continue;
                }
                emptyStreak = 0;
                LatencyStats.record(worker.claim(), System.nanoTime() - t0);

                // submit
                long t1 = System.nanoTime();
                try {
                    endLease.setObject(1, leaseId);
                    endLease.setInt(2, annotator);
                    try (ResultSet rs = endLease.executeQuery()) {
                        if (!rs.next()) {
                            rollback(c);
                            run.error("submit lease not live");
                            continue;
                        }
                    }
                    insert.setLong(1, taskId);
                    insert.setObject(2, leaseId);
                    insert.setInt(3, annotator);
                    insert.setString(4, "bench-" + annotator + "-" + (++n) + "-" + runId);
                    insert.setString(5, (n & 1) == 0 ? "{\"label\":\"cat\"}" : "{\"label\":\"dog\"}");
                    insert.executeUpdate();
                    countIt.setLong(1, taskId);
                    countIt.executeUpdate();
                    c.commit();
                } catch (SQLException e) {
                    rollback(c);
                    run.error("submit " + e.getSQLState());
                    continue;
                }
                long done = System.nanoTime();
                LatencyStats.record(worker.submit(), done - t1);
                run.submitted(done);
            }
        } catch (SQLException e) {
            run.error("statement " + e.getSQLState());
        }
    }

    private static void annotateHttp(Api api, String token, int runId, int annotator, RunState.Worker worker,
                                     RunState run) throws InterruptedException {
        String base = "/api/v1/bench/baseline/" + runId;
        int emptyStreak = 0;
        long n = 0;
        while (!run.stopped()) {
            Api.Response claim;
            try {
                claim = api.post(base + "/claims", token, Api.object().put("annotator", annotator));
            } catch (java.io.UncheckedIOException e) {
                run.error("claim I/O " + e.getCause().getClass().getSimpleName());
                continue;
            }
            if (claim.status() == 204) {
                if (run.emptyClaim(++emptyStreak)) {
                    return;
                }
                Thread.sleep(RunState.backoffMillis(emptyStreak));
                continue;
            }
            if (claim.status() != 201) {
                run.error("claim HTTP " + claim.status());
                continue;
            }
            emptyStreak = 0;
            LatencyStats.record(worker.claim(), claim.nanos());
            String leaseId = claim.json().path("leaseId").asString();
            n++;
            var body = Api.object().put("annotator", annotator).put("leaseId", leaseId)
                    .put("submissionId", "bench-http-" + annotator + "-" + n + "-" + runId)
                    .put("response", (n & 1) == 0 ? "{\"label\":\"cat\"}" : "{\"label\":\"dog\"}");
            Api.Response submit;
            try {
                submit = api.post(base + "/annotations", token, body);
            } catch (java.io.UncheckedIOException e) {
                run.error("submit I/O " + e.getCause().getClass().getSimpleName());
                continue;
            }
            if (submit.status() != 201) {
                run.error("submit HTTP " + submit.status());
                continue;
            }
            LatencyStats.record(worker.submit(), submit.nanos());
            run.submitted(System.nanoTime());
        }
    }

    /** The raw sequential read of the event table: the upper limit for any replay (scenario 5). */
    record RawRead(long events, long bytes, double seconds, double eventsPerSecond, double mibPerSecond) {
    }

    RawRead rawEventRead() throws SQLException {
        try (Connection c = connect()) {
            // A cursor (autocommit off + fetch size) streams the table instead of loading it into memory.
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.setFetchSize(2000);
                long start = System.nanoTime();
                long events = 0;
                long bytes = 0;
                try (ResultSet rs = s.executeQuery("""
                        SELECT globalindex, aggregateidentifier, sequencenumber, eventidentifier, payloadtype,
                               payloadrevision, "timestamp", metadata, payload
                          FROM domainevententry ORDER BY globalindex""")) {
                    while (rs.next()) {
                        events++;
                        byte[] metadata = rs.getBytes(8);
                        byte[] payload = rs.getBytes(9);
                        bytes += payload.length + (metadata == null ? 0 : metadata.length);
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                c.commit();
                return new RawRead(events, bytes, seconds, events / seconds, bytes / 1048576.0 / seconds);
            }
        }
    }

    String serverVersion() {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SHOW server_version")) {
            return rs.next() ? rs.getString(1) : "unknown";
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /**
     * The database's transaction counters (pg_stat_database) and, when the server preloads pg_stat_statements,
     * the statements it executed; taken before and after a run, their difference per cycle is what one claim +
     * submit costs the database (approximate: other sessions of the app count too).
     */
    record DbCounters(long commits, long rollbacks, Long statements) {

        Map<String, Object> perCycle(DbCounters before, long cycles) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            double n = Math.max(1, cycles);
            m.put("commitsPerCycle", (commits - before.commits) / n);
            m.put("rollbacksPerCycle", (rollbacks - before.rollbacks) / n);
            m.put("statementsPerCycle", statements == null || before.statements == null ? null
                    : (statements - before.statements) / n);
            return m;
        }
    }

    DbCounters counters() {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_force_next_flush()");
            long commits;
            long rollbacks;
            try (ResultSet rs = s.executeQuery("SELECT sum(xact_commit), sum(xact_rollback) FROM pg_stat_database")) {
                rs.next();
                commits = rs.getLong(1);
                rollbacks = rs.getLong(2);
            }
            Long statements = null;
            try (ResultSet rs = s.executeQuery("SELECT sum(calls) FROM pg_stat_statements")) {
                rs.next();
                statements = rs.getLong(1);
            } catch (SQLException e) {
                // pg_stat_statements is not preloaded on this server
            }
            return new DbCounters(commits, rollbacks, statements);
        } catch (SQLException e) {
            return null;
        }
    }

    long eventCount() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            return single(s, "SELECT count(*) FROM domainevententry");
        }
    }

    private static long single(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is reused; a failed rollback shows up as the next statement's error
        }
    }
}
