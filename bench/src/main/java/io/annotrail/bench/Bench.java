package io.annotrail.bench;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The benchmark harness of issue 4. Starts the app jar (or uses --target-url), builds its fixtures through the REST
 * API and runs the scenarios in order: claim → submit loop, bare-SQL baseline, projection lag, import, replay,
 * footprint. Each prints a table and writes JSON into --out; the summary adds the targets and the plot.
 */
public final class Bench {

    /** Everything one invocation produced; the smoke test inspects it. */
    record Outcome(Map<String, Object> environment, List<ClaimLoop.Result> claim, List<SqlBaseline.Result> baseline,
                   List<SqlBaseline.Result> httpBaseline, ClaimLoop.Result lag, ImportScenario.Result importResult, ReplayScenario.Result replay,
                   Map<String, String> failures, List<Map<String, Object>> targets) {

        boolean correct() {
            return failures.isEmpty() && claim.stream().allMatch(ClaimLoop.Result::correct)
                    && baseline.stream().allMatch(SqlBaseline.Result::correct)
                    && httpBaseline.stream().allMatch(SqlBaseline.Result::correct)
                    && (lag == null || lag.correct());
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final BenchOptions options;
    private final PrintStream out;

    Bench(BenchOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] args) {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (BenchOptions.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage());
            }
            System.err.print(BenchOptions.USAGE);
            System.exit(e.getMessage() == null ? 0 : 64);
            return;
        }
        int code;
        try {
            Outcome outcome = new Bench(options, System.out).run();
            code = outcome.correct() ? 0 : 1;
            if (code != 0) {
                System.out.println("\nFAILED: " + (outcome.failures().isEmpty()
                        ? "correctness violations or errors (see the tables above)" : outcome.failures()));
            }
        } catch (Exception e) {
            e.printStackTrace();
            code = 2;
        }
        System.exit(code);
    }

    Outcome run() throws Exception {
        Files.createDirectories(options.out());
        Map<String, Object> environment = environment();
        out.printf("Annotrail benchmark — scenarios %s, K %s, %,d tasks, overlap %d, cap %s per run%n",
                options.scenarios(), options.annotators(), options.tasks(), options.overlap(), options.duration());
        out.printf("results: %s%n", options.out().toAbsolutePath());

        AppProcess app = null;
        String baseUrl;
        String adminPassword;
        AppProcess.Db db;
        if (options.targetUrl() != null) {
            baseUrl = options.targetUrl();
            adminPassword = options.adminPassword();
            db = options.dbUrl() == null ? null
                    : new AppProcess.Db(options.dbUrl(), options.dbUser(), options.dbPassword());
        } else {
            Path jar = AppProcess.locateJar(options.appJar()).orElseThrow(() -> new IllegalStateException(
                    "the app jar was not found (ui/target/annotrail-exec.jar or annotrail.jar); build ui first or "
                            + "pass --app-jar"));
            out.printf("starting %s ...%n", jar);
            long t0 = System.nanoTime();
            app = AppProcess.start(jar, options, options.out());
            out.printf("app up in %.1f s (pid %d, %s, log %s)%n", (System.nanoTime() - t0) / 1e9, app.pid(),
                    app.baseUrl, app.log());
            baseUrl = app.baseUrl;
            adminPassword = app.adminPassword;
            db = app.db;
            environment.put("appJar", jar.toString());
        }
        environment.put("targetUrl", baseUrl);
        environment.put("database", db == null ? "unknown (no --db-url)" : db.url());

        List<ClaimLoop.Result> claims = new ArrayList<>();
        List<SqlBaseline.Result> baselines = new ArrayList<>();
        List<SqlBaseline.Result> httpBaselines = new ArrayList<>();
        ClaimLoop.Result lag = null;
        ImportScenario.Result imported = null;
        ReplayScenario.Result replay = null;
        Map<String, String> failures = new LinkedHashMap<>();
        SqlBaseline sql = db == null ? null : new SqlBaseline(db);
        if (sql != null) {
            environment.put("postgresql", sql.serverVersion());
        }

        try (Api api = new Api(baseUrl)) {
            Fixture fixture = Fixture.create(api, adminPassword);
            AppProcess started = app;
            Supplier<FootprintSampler> footprint = started == null || !ProcStats.available() ? null
                    : () -> new FootprintSampler(started.pid(), started::postgresPids);

            boolean footprintOnly = options.has("footprint") && !options.has("claim");
            if (options.has("claim") || (footprintOnly && footprint != null)) {
                warmUp("claim", () -> new ClaimLoop(fixture, 4, options.warmupTasks(), options.overlap(),
                        options.duration()).run("warm-up", 0, null, options.importChunk()).correct());
                for (int k : options.annotators()) {
                    try {
                        requireAlive(app);
                        out.printf("[claim] K=%d: %,d tasks, overlap %d ...%n", k, options.tasks(),
                                Math.min(options.overlap(), k));
                        SqlBaseline.DbCounters before = sql == null ? null : sql.counters();
                        ClaimLoop.Result r = new ClaimLoop(fixture, k, options.tasks(), options.overlap(),
                                options.duration()).run("claim", 0, options.has("footprint") ? footprint : null,
                                options.importChunk());
                        SqlBaseline.DbCounters after = sql == null ? null : sql.counters();
                        claims.add(r);
                        write("claim-k" + k + ".json", r);
                        if (before != null && after != null) {
                            // Includes the correctness read-back after the loop (a few read-only transactions).
                            Map<String, Object> perCycle = after.perCycle(before, r.cycles());
                            environment.put("claimDatabasePerCycleK" + k, perCycle);
                            out.printf("[claim] K=%d: database per cycle %s%n", k, perCycle);
                        }
                        out.printf("[claim] K=%d: %,d cycles in %.1f s = %.1f cycles/s, %s%n", k, r.cycles(),
                                r.seconds(), r.cyclesPerSecond(), r.correct() ? "correct" : "NOT CORRECT");
                    } catch (Exception e) {
                        fail(failures, "claim K=" + k, e);
                    }
                }
                claimTable(claims).print(out);
            }

            if (options.has("baseline")) {
                if (sql == null) {
                    failures.put("baseline", "no database access: give --db-url (the app's database) with --target-url");
                    out.println("[baseline] skipped: no database access (give --db-url with --target-url)");
                } else {
                    try {
                        requireAlive(app);
                        sql.createSchema();
                        warmUp("baseline", () -> sql.run(4, options.warmupTasks(), options.overlap(),
                                options.duration()).correct());
                        for (int k : options.annotators()) {
                            requireAlive(app);
                            out.printf("[baseline] K=%d ...%n", k);
                            SqlBaseline.Result r = sql.run(k, options.tasks(), options.overlap(), options.duration());
                            baselines.add(r);
                            write("baseline-k" + k + ".json", r);
                        }
                    } catch (Exception e) {
                        fail(failures, "baseline", e);
                    }
                    baselineTable(claims, baselines).print(out);
                }
            }

            if (options.has("http-baseline")) {
                if (sql == null) {
                    failures.put("http-baseline", "no database access: give --db-url (the app's database) with --target-url");
                    out.println("[http-baseline] skipped: no database access (give --db-url with --target-url)");
                } else {
                    try {
                        requireAlive(app);
                        if (!options.has("baseline")) {
                            sql.createSchema();
                        }
                        List<String> tokens = fixture.annotators(options.annotators().stream().max(Integer::compare)
                                .orElse(4)).stream().map(Fixture.Annotator::token).toList();
                        warmUp("http-baseline", () -> sql.runHttp(4, options.warmupTasks(), options.overlap(),
                                options.duration(), api, tokens).correct());
                        for (int k : options.annotators()) {
                            requireAlive(app);
                            out.printf("[http-baseline] K=%d ...%n", k);
                            SqlBaseline.Result r = sql.runHttp(k, options.tasks(), options.overlap(), options.duration(),
                                    api, tokens);
                            httpBaselines.add(r);
                            write("http-baseline-k" + k + ".json", r);
                        }
                    } catch (Exception e) {
                        fail(failures, "http-baseline", e);
                    }
                    httpBaselineTable(claims, baselines, httpBaselines).print(out);
                }
            }

            if (options.has("lag")) {
                try {
                    requireAlive(app);
                    int k = options.lagAnnotators();
                    out.printf("[lag] K=%d, probe after every %d-th submit ...%n", k, options.lagSampleEvery());
                    lag = new ClaimLoop(fixture, k, options.tasks(), options.overlap(), options.duration())
                            .run("lag", options.lagSampleEvery(), null, options.importChunk());
                    write("lag-k" + k + ".json", lag);
                    lagTable(lag).print(out);
                } catch (Exception e) {
                    fail(failures, "lag", e);
                }
            }

            if (options.has("import")) {
                try {
                    requireAlive(app);
                    out.printf("[import] %,d tasks in requests of %,d ...%n", options.importTasks(),
                            options.importChunk());
                    imported = ImportScenario.run(fixture, options.importTasks(), options.importChunk(),
                            options.overlap(), options.duration());
                    write("import.json", imported);
                    importTable(imported).print(out);
                } catch (Exception e) {
                    fail(failures, "import", e);
                }
            }

            if (options.has("replay")) {
                try {
                    requireAlive(app);
                    out.printf("[replay] rebuilding %s ...%n", options.replayProcessors());
                    replay = ReplayScenario.run(fixture, options.replayProcessors(), options.replayMinEvents(), sql,
                            options.overlap());
                    write("replay.json", replay);
                    replayTable(replay).print(out);
                } catch (Exception e) {
                    fail(failures, "replay", e);
                }
            }

            if (options.has("footprint")) {
                if (footprint == null) {
                    out.println("[footprint] skipped: only measured when the harness starts the app itself (Linux)");
                } else {
                    for (ClaimLoop.Result r : claims) {
                        if (r.footprint() != null) {
                            write("footprint-k" + r.annotators() + ".json", r.footprint());
                        }
                    }
                    footprintTable(claims).print(out);
                }
            }
        } finally {
            if (app != null) {
                out.println("stopping the app ...");
                app.close();
            }
        }

        List<Map<String, Object>> targets = targets(claims, baselines, lag, imported, replay);
        Outcome outcome = new Outcome(environment, claims, baselines, httpBaselines, lag, imported, replay, failures,
                targets);
        if (!targets.isEmpty()) {
            Table t = new Table("Targets of issue 4 (2-core machine, K = 16, overlap 2)", "target", "measured", "met");
            for (Map<String, Object> target : targets) {
                t.row(target.get("target"), target.get("measured"), target.get("met"));
            }
            t.print(out);
        }
        write("summary.json", outcome);
        if (!claims.isEmpty()) {
            Path png = options.out().resolve("throughput-p99.png");
            Plot.write(png, claims, baselines, String.format(Locale.ROOT, "%s tasks per run, overlap %d, %d cores, %s, "
                            + "PostgreSQL %s", options.tasks(), options.overlap(),
                    Runtime.getRuntime().availableProcessors(), environment.get("date"),
                    environment.getOrDefault("postgresql", "?")));
            out.println("plot: " + png.toAbsolutePath());
        }
        out.println("JSON: " + options.out().resolve("summary.json").toAbsolutePath());
        return outcome;
    }

    // ---------------------------------------------------------------------------------------------- tables

    static Table claimTable(List<ClaimLoop.Result> results) {
        Table t = new Table("1. Claim → submit loop (HTTP)", "K", "overlap", "tasks", "cycles", "secs", "cycles/s",
                "claim p50", "p95", "p99", "max", "submit p50", "p95", "p99", "max", "204s", "errors",
                "held twice", "≠overlap", "correct");
        for (ClaimLoop.Result r : results) {
            Correctness.Report c = r.correctness();
            t.row(r.annotators(), r.overlap(), r.tasks(), r.cycles(), r.seconds(), r.cyclesPerSecond(),
                    r.claim().p50Ms(), r.claim().p95Ms(), r.claim().p99Ms(), r.claim().maxMs(), r.submit().p50Ms(),
                    r.submit().p95Ms(), r.submit().p99Ms(), r.submit().maxMs(), r.emptyClaims(), r.errors(),
                    c.slotsHeldTwice() + c.sameAnnotatorTwice(), c.tasksWrongAnnotationCount(),
                    r.correct() ? "yes" : (r.capped() ? "CAPPED" : "NO"));
        }
        t.note("latencies in ms, measured by the client around each HTTP call; 204s = empty claims (the tail of a run);");
        t.note("held twice / ≠overlap from every task's event history (must be 0); a run with K < overlap uses overlap K.");
        results.stream().filter(r -> !r.errorsByKind().isEmpty())
                .forEach(r -> t.note("K=" + r.annotators() + " errors: " + r.errorsByKind()));
        results.stream().filter(r -> !r.correctness().examples().isEmpty())
                .forEach(r -> t.note("K=" + r.annotators() + " violations: " + r.correctness().examples()));
        return t;
    }

    static Table baselineTable(List<ClaimLoop.Result> ours, List<SqlBaseline.Result> baseline) {
        Table t = new Table("2. Bare-SQL baseline (JDBC, SELECT … FOR UPDATE SKIP LOCKED), same PostgreSQL", "K",
                "overlap", "cycles", "secs", "cycles/s", "claim p50", "p99", "submit p50", "p99", "errors", "correct",
                "ours cycles/s", "ours / baseline");
        for (SqlBaseline.Result b : baseline) {
            Optional<ClaimLoop.Result> o = ours.stream().filter(r -> r.annotators() == b.annotators()).findFirst();
            t.row(b.annotators(), b.overlap(), b.cycles(), b.seconds(), b.cyclesPerSecond(), b.claim().p50Ms(),
                    b.claim().p99Ms(), b.submit().p50Ms(), b.submit().p99Ms(), b.errors(),
                    b.correct() ? "yes" : (b.capped() ? "CAPPED" : "NO"),
                    o.map(ClaimLoop.Result::cyclesPerSecond).orElse(null),
                    o.map(r -> String.format(Locale.ROOT, "%.1f %%", 100 * r.cyclesPerSecond() / b.cyclesPerSecond()))
                            .orElse(null));
        }
        baseline.stream().filter(r -> !r.errorsByKind().isEmpty())
                .forEach(r -> t.note("K=" + r.annotators() + " errors: " + r.errorsByKind()));
        return t;
    }

    static Table httpBaselineTable(List<ClaimLoop.Result> ours, List<SqlBaseline.Result> jdbc,
                                   List<SqlBaseline.Result> http) {
        Table t = new Table("2b. HTTP bare-SQL baseline (the same SQL behind the app's HTTP stack and token authentication)",
                "K", "overlap", "cycles", "secs", "cycles/s", "claim p50", "p99", "submit p50", "p99", "errors",
                "correct", "ours cycles/s", "ours / JDBC", "ours / HTTP");
        for (SqlBaseline.Result h : http) {
            Optional<ClaimLoop.Result> o = ours.stream().filter(r -> r.annotators() == h.annotators()).findFirst();
            Optional<SqlBaseline.Result> j = jdbc.stream().filter(r -> r.annotators() == h.annotators()).findFirst();
            t.row(h.annotators(), h.overlap(), h.cycles(), h.seconds(), h.cyclesPerSecond(), h.claim().p50Ms(),
                    h.claim().p99Ms(), h.submit().p50Ms(), h.submit().p99Ms(), h.errors(),
                    h.correct() ? "yes" : (h.capped() ? "CAPPED" : "NO"),
                    o.map(ClaimLoop.Result::cyclesPerSecond).orElse(null),
                    o.flatMap(r -> j.map(b -> pct(r.cyclesPerSecond() / b.cyclesPerSecond()))).orElse(null),
                    o.map(r -> pct(r.cyclesPerSecond() / h.cyclesPerSecond())).orElse(null));
        }
        http.stream().filter(r -> !r.errorsByKind().isEmpty())
                .forEach(r -> t.note("K=" + r.annotators() + " errors: " + r.errorsByKind()));
        return t;
    }

    static Table lagTable(ClaimLoop.Result r) {
        LagProbe.Result l = r.lag();
        Table t = new Table("3. Projection lag under the claim → submit load (201 on submit → progress shows it)",
                "K", "cycles/s", "samples", "lag p50", "p95", "p99", "max", "timeouts", "probe GET p50", "correct");
        t.row(r.annotators(), r.cyclesPerSecond(), l.samples(), l.lag().p50Ms(), l.lag().p95Ms(), l.lag().p99Ms(),
                l.lag().maxMs(), l.timeouts(), l.pollGet().p50Ms(), r.correct() ? "yes" : "NO");
        t.note("ms; progress polled with X-Read-Consistency: eventual; resolution ≈ one probe GET.");
        return t;
    }

    static Table importTable(ImportScenario.Result r) {
        Table t = new Table("4. Import (JSON Lines through the API) until every task is claimable", "tasks",
                "requests", "MiB", "import secs", "visible secs", "claimable secs", "tasks/s", "claim check");
        t.row(r.accepted(), r.requests(), r.megabytes(), r.importSeconds(), r.visibleSeconds(), r.claimableSeconds(),
                r.tasksPerSecond(), r.claimWorked() ? "201" : "FAILED");
        t.note("import = the POSTs; visible = progress counts them; claimable = and the claim queue caught up"
                + (r.queueCheckedByAdminApi() ? "" : " (NOT checked: no admin projections endpoint)") + ".");
        return t;
    }

    static Table replayTable(ReplayScenario.Result r) {
        Table t = new Table("5. Replay: rebuild every read model from the event store", "events", "secs",
                "events/s", "per read model (secs)", "raw read events/s", "raw MiB/s", "replay / raw");
        StringBuilder perModel = new StringBuilder();
        r.secondsPerReadModel().forEach((name, secs) -> perModel.append(perModel.isEmpty() ? "" : ", ")
                .append(name).append(' ').append(Table.format(secs)));
        t.row(r.events(), r.seconds(), r.eventsPerSecond(), perModel.toString(),
                r.raw() == null ? null : r.raw().eventsPerSecond(), r.raw() == null ? null : r.raw().mibPerSecond(),
                r.fractionOfRaw() == null ? null : String.format(Locale.ROOT, "%.1f %%", 100 * r.fractionOfRaw()));
        t.note("the read models rebuild in parallel; events/s = events in the store / time until all caught up;");
        t.note("raw = SELECT … FROM domainevententry ORDER BY globalindex over JDBC, reading every payload.");
        return t;
    }

    static Table footprintTable(List<ClaimLoop.Result> results) {
        Table t = new Table("6. Footprint of the app during the claim → submit loop", "K", "samples", "RSS avg MiB",
                "RSS max MiB", "CPU avg %", "CPU max %", "PostgreSQL PSS max MiB", "PostgreSQL CPU avg %",
                "driver CPU avg %");
        for (ClaimLoop.Result r : results) {
            FootprintSampler.Summary f = r.footprint();
            if (f != null) {
                t.row(r.annotators(), f.samples(), f.rssAvgMiB(), f.rssMaxMiB(), f.cpuAvgPercent(), f.cpuMaxPercent(),
                        f.postgresPssMaxMiB(), f.postgresCpuAvgPercent(), f.driverCpuAvgPercent());
            }
        }
        t.note("app = the JVM (VmRSS, utime+stime); 100 % = one core of " + Runtime.getRuntime().availableProcessors()
                + "; PostgreSQL = embedded postmaster + backends; driver = this harness.");
        return t;
    }

    // ---------------------------------------------------------------------------------------------- targets

    private List<Map<String, Object>> targets(List<ClaimLoop.Result> claims, List<SqlBaseline.Result> baselines,
                                              ClaimLoop.Result lag, ImportScenario.Result imported,
                                              ReplayScenario.Result replay) {
        List<Map<String, Object>> out = new ArrayList<>();
        Optional<ClaimLoop.Result> k16 = claims.stream().filter(r -> r.annotators() == 16).findFirst();
        Optional<SqlBaseline.Result> b16 = baselines.stream().filter(r -> r.annotators() == 16).findFirst();
        if (k16.isPresent() && b16.isPresent()) {
            double ratio = k16.get().cyclesPerSecond() / b16.get().cyclesPerSecond();
            out.add(target("claim + submit ≥ 40 % of the bare-SQL baseline", pct(ratio), ratio >= 0.4));
        }
        k16.ifPresent(r -> {
            out.add(target("claim p99 < 50 ms", ms(r.claim().p99Ms()), r.claim().p99Ms() < 50));
            out.add(target("submit p99 < 100 ms", ms(r.submit().p99Ms()), r.submit().p99Ms() < 100));
        });
        if (!claims.isEmpty()) {
            long twice = claims.stream().mapToLong(r -> r.correctness().slotsHeldTwice()
                    + r.correctness().sameAnnotatorTwice()).sum();
            out.add(target("zero slots held twice (all K)", Long.toString(twice), twice == 0));
        }
        if (lag != null && lag.lag() != null) {
            out.add(target("projection lag p99 < 200 ms", ms(lag.lag().lag().p99Ms()), lag.lag().lag().p99Ms() < 200));
        }
        if (imported != null) {
            boolean full = imported.accepted() >= 100_000;
            out.add(target("import of 100k tasks < 60 s" + (full ? "" : " (ran " + imported.accepted() + ")"),
                    String.format(Locale.ROOT, "%.1f s (%.0f tasks/s)", imported.claimableSeconds(),
                            imported.tasksPerSecond()),
                    full ? imported.claimableSeconds() < 60 : imported.tasksPerSecond() >= 100_000 / 60.0));
        }
        if (replay != null) {
            out.add(target("replay ≥ 20 000 events/s", String.format(Locale.ROOT, "%.0f events/s",
                    replay.eventsPerSecond()), replay.eventsPerSecond() >= 20_000));
        }
        return out;
    }

    private static Map<String, Object> target(String target, String measured, boolean met) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target", target);
        m.put("measured", measured);
        m.put("met", met ? "yes" : "NO");
        return m;
    }

    private static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.1f %%", 100 * ratio);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.1f ms", v);
    }

    // ---------------------------------------------------------------------------------------------- helpers

    /** A short unreported run first: the first measured K should not pay for class loading and the JIT. */
    private void warmUp(String what, java.util.concurrent.Callable<Boolean> run) {
        if (options.warmupTasks() == 0) {
            return;
        }
        out.printf("[%s] warm-up: K=4, %,d tasks (not reported) ...%n", what, options.warmupTasks());
        try {
            if (!run.call()) {
                out.printf("[%s] warm-up run was not correct (the measured runs will show it)%n", what);
            }
        } catch (Exception e) {
            // Not fatal: the measured runs report their own failures.
            out.printf("[%s] warm-up failed: %s%n", what, e);
        }
    }

    private static void requireAlive(AppProcess app) {
        if (app != null) {
            app.requireAlive();
        }
    }

    private void fail(Map<String, String> failures, String what, Exception e) {
        failures.put(what, e.toString());
        StringBuilder causes = new StringBuilder();
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            causes.append("\n    caused by ").append(c);
        }
        out.println("[" + what + "] FAILED: " + e + causes);
        // The stack trace is for whoever debugs the harness; the tables stay readable.
        e.printStackTrace();
    }

    private void write(String name, Object value) throws IOException {
        Files.writeString(options.out().resolve(name), JSON.writeValueAsString(value));
    }

    private Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("date", Instant.now().toString());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("memory", memTotal());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        env.put("options", options.describe());
        return env;
    }

    private static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .findFirst().map(l -> String.format(Locale.ROOT, "%.1f GiB",
                            Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0)).orElse("unknown");
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
