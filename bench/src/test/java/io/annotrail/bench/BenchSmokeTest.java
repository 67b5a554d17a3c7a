package io.annotrail.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CI part of the harness: scenario 1, tiny, against the packaged app — correctness only, never timings
 * (performance is measured by the harness, not asserted in tests).
 */
class BenchSmokeTest {

    @Test
    @Timeout(value = 170, unit = TimeUnit.SECONDS)
    void claimSubmitLoopIsCorrect() throws Exception {
        Optional<Path> jar = AppProcess.locateJar(null);
        // In the reactor ui is packaged before bench (bench depends on it), so a missing jar means bench was built
        // alone without a prior ui build: a failure that says so, never a silent skip.
        assertTrue(jar.isPresent(), "the app jar (ui/target/annotrail-exec.jar) does not exist; build ui first");

        Path out = Path.of(System.getProperty("bench.smoke.out", "target/smoke"));
        Files.createDirectories(out);
        BenchOptions options = BenchOptions.parse(new String[]{
                "--smoke", "--annotators", "4", "--tasks", "20", "--overlap", "2", "--duration", "90s",
                "--out", out.toString(), "--app-jar", jar.get().toString()});

        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        Bench.Outcome outcome;
        try (PrintStream print = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            outcome = new Bench(options, new TeePrintStream(print, System.out)).run();
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);

        assertTrue(outcome.failures().isEmpty(), () -> "scenario failures: " + outcome.failures() + "\n" + printed);
        assertEquals(1, outcome.claim().size(), printed);
        ClaimLoop.Result r = outcome.claim().getFirst();
        Correctness.Report c = r.correctness();
        assertEquals(20, c.tasks(), "tasks in the project");
        assertEquals(0, r.errors(), () -> "errors: " + r.errorsByKind());
        assertEquals(0, c.slotsHeldTwice(), () -> "slots held twice: " + c.examples());
        assertEquals(0, c.sameAnnotatorTwice(), () -> "an annotator held two slots of a task: " + c.examples());
        assertEquals(0, c.tasksWrongAnnotationCount(), () -> "tasks with ≠ 2 annotations: " + c.examples());
        assertEquals(0, c.historyErrors(), "history reads failed");
        assertEquals(40, c.annotations(), "annotations in the event log");
        assertEquals(40, r.cycles(), "201 submits seen by the annotators");
        assertTrue(r.correct(), printed);
        assertTrue(Files.exists(out.resolve("claim-k4.json")), "per-run JSON");
        assertTrue(Files.exists(out.resolve("summary.json")), "summary JSON");
        assertTrue(Files.exists(out.resolve("throughput-p99.png")), "plot");
    }

    /** Shows the tables in the build log and keeps them for the assertion messages. */
    private static final class TeePrintStream extends PrintStream {
        private final PrintStream second;

        TeePrintStream(PrintStream first, PrintStream second) {
            super(first, true, StandardCharsets.UTF_8);
            this.second = second;
        }

        @Override
        public void write(byte[] buf, int off, int len) {
            super.write(buf, off, len);
            second.write(buf, off, len);
        }

        @Override
        public void write(int b) {
            super.write(b);
            second.write(b);
        }

        @Override
        public void flush() {
            super.flush();
            second.flush();
        }
    }
}
