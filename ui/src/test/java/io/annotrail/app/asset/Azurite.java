package io.annotrail.app.asset;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Azurite's Blob service as a child process on a free port, in memory. Installed by {@code .ci/run} with
 * {@code npm install --prefix .tools/azurite azurite@3.35.0}; found through the system property or environment
 * variable {@code AZURITE_HOME}, else {@code .tools/azurite} beside or above the module. Missing Azurite fails the
 * test with the command that installs it: the Blob adapter must never go untested silently.
 */
final class Azurite implements AutoCloseable {

    /** Azurite's well-known development account (public, documented by Microsoft). */
    static final String ACCOUNT = "devstoreaccount1";
    static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private final Process process;
    private final int port;

    private Azurite(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Azurite start() throws IOException, InterruptedException {
        Path executable = locate();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path workspace = Files.createTempDirectory("azurite-");
        Process process = new ProcessBuilder(executable.toString(), "--blobHost", "127.0.0.1",
                "--blobPort", Integer.toString(port), "--inMemoryPersistence", "--skipApiVersionCheck", "--silent")
                .directory(workspace.toFile())
                .redirectErrorStream(true)
                .redirectOutput(workspace.resolve("azurite.log").toFile())
                .start();
        Azurite azurite = new Azurite(process, port);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + ": "
                        + Files.readString(workspace.resolve("azurite.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return azurite;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        azurite.close();
        throw new IllegalStateException("Azurite did not listen on port " + port + " within 60 s");
    }

    String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=http://127.0.0.1:" + port + "/" + ACCOUNT + ";";
    }

    private static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String configured = System.getProperty("AZURITE_HOME", System.getenv("AZURITE_HOME"));
        if (configured != null && !configured.isBlank()) {
            candidates.add(Path.of(configured));
        }
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        for (int i = 0; i < 3 && dir != null; i++, dir = dir.getParent()) {
            candidates.add(dir.resolve(".tools/azurite"));
        }
        for (Path home : candidates) {
            Path bin = home.resolve("node_modules/.bin/azurite-blob");
            if (Files.isExecutable(bin)) {
                return bin;
            }
        }
        throw new IllegalStateException("Azurite is not installed (looked in " + candidates + "). Install it with: "
                + "npm install --prefix .tools/azurite azurite@3.35.0   (run from the repository root; .ci/run does "
                + "this), or point AZURITE_HOME at a directory holding node_modules/.bin/azurite-blob");
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
