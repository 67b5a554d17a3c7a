package io.annotrail.app.infra;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Chooses the database: an external PostgreSQL when {@code ANNOTRAIL_DB_URL} is set, otherwise PostgreSQL
 * binaries from Maven running on a data directory that is kept across restarts. The embedded server starts only
 * once this process holds the data directory's lock, after any server a killed predecessor left running there has
 * been stopped. The data source depends on the embedded server bean, so Spring closes the pool (and, before it,
 * Axon's processors, which are lifecycle beans stopped first) before the server is stopped.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfig {

    private static final Logger log = LoggerFactory.getLogger(DatabaseConfig.class);

    @Bean(destroyMethod = "close")
    EmbeddedDatabase embeddedDatabase(AnnotrailProperties properties) throws IOException {
        if (!properties.db().embedded()) {
            return EmbeddedDatabase.none();
        }
        Path dir = properties.dataDir().toAbsolutePath().resolve("postgres");
        Files.createDirectories(dir.getParent());
        DataDirectoryLock lock = DataDirectoryLock.acquire(dir.getParent());
        try {
            if (Files.isDirectory(dir)) {
                LeftoverPostgres.clear(dir, Duration.ofSeconds(30));
            }
            log.info("Starting embedded PostgreSQL with data in {}", dir);
            return new EmbeddedDatabase(start(dir, properties), lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lock.close();
            throw new IOException("interrupted while stopping a leftover PostgreSQL on " + dir, e);
        }
    }

    private static EmbeddedPostgres start(Path dir, AnnotrailProperties properties) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                .setCleanDataDirectory(false)
                // Spring closes this bean after Axon's processors and the scheduler have stopped; zonky's own
                // JVM shutdown hook would instead stop PostgreSQL in parallel with them, under their feet.
                .setRegisterShutdownHook(false)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("synchronous_commit", "on")
                // zonky starts the server with -F (fsync off, fine for throwaway test databases); this one holds
                // the app's data, and a later -c wins: acknowledged commits must survive a crash of the machine.
                .setServerConfig("fsync", "on");
        if (properties.db().embeddedPort() > 0) {
            builder.setPort(properties.db().embeddedPort());
        }
        return builder.start();
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(AnnotrailProperties properties, EmbeddedDatabase embedded) {
        HikariDataSource ds = new HikariDataSource();
        if (embedded.server() != null) {
            ds.setJdbcUrl(embedded.server().getJdbcUrl("postgres", "postgres"));
            ds.setUsername("postgres");
            ds.setPassword(null);
        } else {
            ds.setJdbcUrl(properties.db().url());
            ds.setUsername(properties.db().user());
            ds.setPassword(properties.db().password());
        }
        ds.setPoolName("annotrail");
        ds.setMaximumPoolSize(Math.max(properties.db().poolSize(), 4));
        if (properties.db().connectionTimeout() != null) {
            // Hikari refuses less than 250 ms.
            ds.setConnectionTimeout(Math.max(properties.db().connectionTimeout().toMillis(), 250));
        }
        return ds;
    }

    /**
     * Holder so that "no embedded server" is a bean too and the data source can always depend on it. The data
     * directory's lock is released only after the server has stopped.
     */
    record EmbeddedDatabase(EmbeddedPostgres server, DataDirectoryLock lock) implements AutoCloseable {
        static EmbeddedDatabase none() {
            return new EmbeddedDatabase(null, null);
        }

        @Override
        public void close() throws IOException {
            try {
                if (server != null) {
                    server.close();
                }
            } finally {
                if (lock != null) {
                    lock.close();
                }
            }
        }
    }
}
