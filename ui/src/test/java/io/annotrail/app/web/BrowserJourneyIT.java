package io.annotrail.app.web;

import io.annotrail.app.IntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Playwright suite (src/test/e2e, playwright-core in Debian's Chromium) against the whole application with its
 * production frontend bundle on embedded PostgreSQL. Chromium and Node 24 are installed by {@code .ci/run}; a
 * missing browser fails the test, it is never skipped.
 */
class BrowserJourneyIT extends IntegrationTest {

    private static final Path NODE = Path.of("../.node/node");
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void theMainJourneyWorksInARealBrowser() throws IOException, InterruptedException {
        assertThat(NODE).as("Node 24 (installed by .ci/install-node)").isExecutable();
        assertThat(CHROMIUM).as("Chromium (Debian package chromium, installed by .ci/run)").isExecutable();
        Path screenshots = Path.of("target/screenshots");
        Files.createDirectories(screenshots);
        ProcessBuilder builder = new ProcessBuilder(NODE.toString(), "--test", "--test-reporter=spec",
                "src/test/e2e/journey.test.mjs")
                .redirectErrorStream(true);
        builder.environment().put("BASE_URL", "http://localhost:" + port + "/");
        builder.environment().put("ADMIN_PASSWORD", ADMIN_PASSWORD);
        builder.environment().put("CHROMIUM", CHROMIUM.toString());
        builder.environment().put("SCREENSHOT_DIR", screenshots.toString());
        Process node = builder.start();
        // The suite's report goes through System.out (surefire keeps it with the test's output) and into the
        // failure message.
        StringBuilder output = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (var lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> {
                    System.out.println(line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        boolean finished = node.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            node.destroyForcibly();
        }
        reader.join(10_000);
        synchronized (output) {
            assertThat(finished).as("the browser suite finished in time:%n%s", output).isTrue();
            assertThat(node.exitValue()).as("exit code of the browser suite:%n%s", output).isZero();
        }
        assertThat(screenshots.resolve("08-dashboard.png")).isNotEmptyFile();
    }
}
