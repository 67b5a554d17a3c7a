package io.annotrail.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Command-line options of the harness. Parsing is hand-written: a dozen flags do not justify a dependency. */
record BenchOptions(
        Set<String> scenarios,
        List<Integer> annotators,
        int tasks,
        int overlap,
        int warmupTasks,
        Duration duration,
        int lagAnnotators,
        int lagSampleEvery,
        int importTasks,
        int importChunk,
        long replayMinEvents,
        List<String> replayProcessors,
        String targetUrl,
        String adminPassword,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Path appJar,
        List<String> appJvmArgs,
        Path out,
        boolean smoke,
        boolean keepData) {

    static final List<String> ALL_SCENARIOS = List.of("claim", "baseline", "http-baseline", "lag", "import", "replay",
            "footprint");

    private static final Set<String> VALUE_OPTIONS = Set.of("--scenarios", "--annotators", "--tasks", "--overlap",
            "--warmup-tasks", "--duration", "--lag-annotators", "--lag-sample-every", "--import-tasks",
            "--import-chunk", "--replay-min-events", "--replay-processors", "--target-url", "--admin-password",
            "--db-url", "--db-user", "--db-password", "--app-jar", "--app-jvm-args", "--out");

    static final String USAGE = """
            Usage: java -jar bench/target/bench.jar [options]

              --scenarios LIST       comma-separated, in any order (they always run in this order):
                                     claim,baseline,http-baseline,lag,import,replay,footprint
                                     (default: all; http-baseline needs the app's bench endpoints)
              --annotators LIST      concurrent simulated annotators K per run (default 1,4,16,64)
              --tasks N              tasks per claim/baseline/lag run (default 2000)
              --overlap N            annotators per task (default 2; a run with K < overlap uses overlap K)
              --warmup-tasks N       an unreported warm-up run (K=4) of ours and of the baseline before
                                     the first measured run, for the JIT and the caches (default 100; 0 = none)
              --duration DUR         cap per run, e.g. 300s, 5m, PT5M (default 5m); a capped run is flagged
              --lag-annotators K     K of the projection-lag run (default 16)
              --lag-sample-every N   probe the read model after every N-th submit (default 5)
              --import-tasks N       tasks of the import scenario (default 100000)
              --import-chunk N       tasks per import request (default 20000; the API takes <= 100000)
              --replay-min-events N  before the replay, import filler tasks until the event store holds
                                     at least N events (default 0: replay what scenarios 1-4 left)
              --replay-processors L  read models to rebuild (default workspaces,tasks,queue)
              --target-url URL       use an already running app (no app start, no footprint)
              --admin-password PW    the app's admin password (with --target-url; else generated)
              --db-url URL           external PostgreSQL (JDBC URL): the started app uses it, and so do
                                     the baseline and the raw-read limit; with --target-url it must be the
                                     app's database
              --db-user USER, --db-password PW
              --app-jar PATH         the app's runnable jar (default ui/target/annotrail-exec.jar, else
                                     ui/target/annotrail.jar, under -Dannotrail.root or the working dir)
              --app-jvm-args ARGS    extra JVM options for the started app, space-separated (e.g. "-Xmx2g")
              --out DIR              results directory (default bench/target/results)
              --keep-data            keep the started app's data directory (embedded database)
              --smoke                tiny correctness run: claim only, K=4, 20 tasks, overlap 2;
                                     exit code 1 on any violation
              --help
            """;

    static BenchOptions parse(String[] args) {
        Set<String> scenarios = new LinkedHashSet<>(ALL_SCENARIOS);
        List<Integer> annotators = List.of(1, 4, 16, 64);
        int tasks = 2000;
        int overlap = 2;
        int warmupTasks = 100;
        Duration duration = Duration.ofMinutes(5);
        int lagAnnotators = 16;
        int lagSampleEvery = 5;
        int importTasks = 100_000;
        int importChunk = 20_000;
        long replayMinEvents = 0;
        List<String> replayProcessors = List.of("workspaces", "tasks", "queue");
        String targetUrl = null;
        String adminPassword = null;
        String dbUrl = null;
        String dbUser = null;
        String dbPassword = null;
        Path appJar = null;
        List<String> appJvmArgs = List.of();
        Path out = null;
        boolean smoke = false;
        boolean keepData = false;
        boolean annotatorsGiven = false;
        boolean tasksGiven = false;
        boolean overlapGiven = false;
        boolean scenariosGiven = false;

        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            String option = arg;
            switch (arg) {
                case "--help", "-h" -> throw new UsageException(null);
                case "--smoke" -> smoke = true;
                case "--keep-data" -> keepData = true;
                default -> {
                    if (!VALUE_OPTIONS.contains(arg)) {
                        throw new UsageException("unknown option " + arg);
                    }
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new UsageException("missing value for " + arg);
                        }
                        value = args[++i];
                    }
                    switch (arg) {
                        case "--scenarios" -> {
                            scenarios = new LinkedHashSet<>();
                            for (String s : splitList(value)) {
                                String name = s.toLowerCase(Locale.ROOT);
                                if (name.equals("all")) {
                                    scenarios.addAll(ALL_SCENARIOS);
                                } else if (!ALL_SCENARIOS.contains(name)) {
                                    throw new UsageException("unknown scenario " + s + " (known: " + ALL_SCENARIOS + ")");
                                } else {
                                    scenarios.add(name);
                                }
                            }
                            scenariosGiven = true;
                        }
                        case "--annotators" -> {
                            annotators = splitList(value).stream().map(v -> positive(option, v)).toList();
                            annotatorsGiven = true;
                        }
                        case "--tasks" -> {
                            tasks = positive(arg, value);
                            tasksGiven = true;
                        }
                        case "--overlap" -> {
                            overlap = positive(arg, value);
                            overlapGiven = true;
                        }
                        case "--warmup-tasks" -> warmupTasks = Integer.parseInt(value.trim());
                        case "--duration" -> duration = parseDuration(value);
                        case "--lag-annotators" -> lagAnnotators = positive(arg, value);
                        case "--lag-sample-every" -> lagSampleEvery = positive(arg, value);
                        case "--import-tasks" -> importTasks = positive(arg, value);
                        case "--import-chunk" -> importChunk = Math.min(100_000, positive(arg, value));
                        case "--replay-min-events" -> replayMinEvents = Long.parseLong(value);
                        case "--replay-processors" -> replayProcessors = splitList(value);
                        case "--target-url" -> targetUrl = value.replaceAll("/+$", "");
                        case "--admin-password" -> adminPassword = value;
                        case "--db-url" -> dbUrl = value;
                        case "--db-user" -> dbUser = value;
                        case "--db-password" -> dbPassword = value;
                        case "--app-jar" -> appJar = Path.of(value);
                        case "--app-jvm-args" -> appJvmArgs = value.isBlank() ? List.of()
                                : Arrays.asList(value.trim().split("\\s+"));
                        case "--out" -> out = Path.of(value);
                        default -> throw new UsageException("unknown option " + arg);
                    }
                }
            }
        }
        if (smoke) {
            if (!scenariosGiven) {
                scenarios = new LinkedHashSet<>(List.of("claim"));
            }
            if (!annotatorsGiven) {
                annotators = List.of(4);
            }
            if (!tasksGiven) {
                tasks = 20;
            }
            if (!overlapGiven) {
                overlap = 2;
            }
            warmupTasks = 0;
        }
        if (overlap > 20) {
            throw new UsageException("--overlap must be 1..20 (the product's limit)");
        }
        if (targetUrl != null && adminPassword == null) {
            throw new UsageException("--target-url needs --admin-password");
        }
        if (out == null) {
            out = Path.of(System.getProperty("annotrail.root", "."), "bench", "target", "results");
        }
        // Keep the canonical order whatever order the user typed: replay must come after 1-4.
        Set<String> ordered = new LinkedHashSet<>();
        for (String s : ALL_SCENARIOS) {
            if (scenarios.contains(s)) {
                ordered.add(s);
            }
        }
        return new BenchOptions(ordered, List.copyOf(new ArrayList<>(new LinkedHashSet<>(annotators))), tasks,
                overlap, Math.max(0, warmupTasks), duration, lagAnnotators, lagSampleEvery, importTasks, importChunk, replayMinEvents,
                List.copyOf(replayProcessors), targetUrl, adminPassword, dbUrl, dbUser, dbPassword, appJar,
                List.copyOf(appJvmArgs), out, smoke, keepData);
    }

    /** For the results files: every option except the passwords. */
    java.util.Map<String, Object> describe() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("scenarios", scenarios);
        m.put("annotators", annotators);
        m.put("tasks", tasks);
        m.put("overlap", overlap);
        m.put("warmupTasks", warmupTasks);
        m.put("duration", duration.toString());
        m.put("lagAnnotators", lagAnnotators);
        m.put("lagSampleEvery", lagSampleEvery);
        m.put("importTasks", importTasks);
        m.put("importChunk", importChunk);
        m.put("replayMinEvents", replayMinEvents);
        m.put("replayProcessors", replayProcessors);
        m.put("targetUrl", targetUrl);
        m.put("dbUrl", dbUrl);
        m.put("dbUser", dbUser);
        m.put("appJar", appJar == null ? null : appJar.toString());
        m.put("appJvmArgs", appJvmArgs);
        m.put("out", out.toString());
        m.put("smoke", smoke);
        return m;
    }

    boolean has(String scenario) {
        return scenarios.contains(scenario);
    }

    private static List<String> splitList(String value) {
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static int positive(String option, String value) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n <= 0) {
                throw new UsageException(option + " must be positive: " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " is not a number: " + value);
        }
    }

    static Duration parseDuration(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            if (v.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(v));
        } catch (RuntimeException e) {
            throw new UsageException("not a duration: " + value + " (use e.g. 90s, 5m or PT5M)");
        }
    }

    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
