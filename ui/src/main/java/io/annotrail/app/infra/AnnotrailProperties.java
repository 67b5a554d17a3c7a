package io.annotrail.app.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;
import java.time.Duration;

@ConfigurationProperties("annotrail")
public record AnnotrailProperties(
        Path dataDir,
        Db db,
        String adminPassword,
        Tokens tokens,
        Limits limits,
        Duration readConsistencyTimeout,
        DeadLetters deadLetters) {

    /** {@code connectionTimeout}: how long a request waits for a pooled connection before it is answered 503. */
    public record Db(String url, String user, String password, int embeddedPort, int poolSize, Duration connectionTimeout) {
        public boolean embedded() {
            return url == null || url.isBlank();
        }
    }

    public record Tokens(Duration defaultTtl, Duration maxTtl) {
    }

    public record Limits(long maxBodyBytes, long maxImportBytes, int maxImportTasks, int maxTaskDataBytes,
                         int maxJsonDepth) {
    }

    public record DeadLetters(Duration retryInterval, int maxRetries) {
    }
}
