package io.annotrail.app;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With ANNOTRAIL_DB_URL / _USER / _PASSWORD set, the app uses that PostgreSQL and starts no embedded server.
 * A separately started PostgreSQL plays the external database here.
 */
class ExternalDatabaseIT {

    @Test
    void theAppRunsOnAnExternalPostgresWhenAUrlIsConfigured() throws Exception {
        Path dataDir = Files.createTempDirectory("annotrail-external-");
        try (EmbeddedPostgres external = EmbeddedPostgres.builder().start()) {
            try (Connection c = external.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE USER annotrail WITH PASSWORD 'secret-pw'");
                c.createStatement().execute("CREATE DATABASE annotrail OWNER annotrail");
            }
            String url = external.getJdbcUrl("annotrail", "annotrail").replaceAll("[?&]user=[^&]*", "");
            try (ConfigurableApplicationContext app = new SpringApplicationBuilder(AnnotrailApplication.class).run(
                    "--server.port=0", "--annotrail.data-dir=" + dataDir, "--annotrail.admin-password=external-admin-pw",
                    "--annotrail.db.url=" + url, "--annotrail.db.user=annotrail", "--annotrail.db.password=secret-pw")) {
                int port = ((WebServerApplicationContext) app).getWebServer().getPort();
                ApiClient admin = ApiClient.anonymous(port).login("admin", "external-admin-pw");
                assertThat(admin.post("/api/v1/workspaces", Map.of("name", "on the outside")).status()).isEqualTo(201);
            }
            try (Connection c = external.getDatabase("annotrail", "annotrail").getConnection();
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM domainevententry")) {
                rs.next();
                assertThat(rs.getLong(1)).isPositive();
            }
        }
        assertThat(dataDir.resolve("postgres")).doesNotExist();
    }
}
