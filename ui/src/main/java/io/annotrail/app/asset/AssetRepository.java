package io.annotrail.app.asset;

import io.annotrail.domain.common.ProjectId;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Which project each uploaded asset belongs to, and what it was found to be. */
@Repository
class AssetRepository {

    record AssetRow(UUID id, UUID projectId, String storageKey, String contentType, long size, String sha256,
                    String fileName, UUID uploadedBy, Instant uploadedAt) {
    }

    private final JdbcClient jdbc;

    AssetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(AssetRow row) {
        jdbc.sql("""
                        INSERT INTO app_asset (id, project_id, storage_key, content_type, size_bytes, sha256, file_name,
                                               uploaded_by, uploaded_at)
                        VALUES (:id, :project, :key, :type, :size, :sha256, :name, :by, :at)""")
                .param("id", row.id())
                .param("project", row.projectId())
                .param("key", row.storageKey())
                .param("type", row.contentType())
                .param("size", row.size())
                .param("sha256", row.sha256())
                .param("name", row.fileName())
                .param("by", row.uploadedBy())
                .param("at", Timestamp.from(row.uploadedAt()))
                .update();
    }

    /** The assets among {@code ids} that belong to the project; others are simply absent. */
    List<AssetRow> findInProject(ProjectId projectId, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        SELECT id, project_id, storage_key, content_type, size_bytes, sha256, file_name, uploaded_by,
                               uploaded_at
                        FROM app_asset WHERE project_id = :project AND id IN (:ids)""")
                .param("project", projectId.value())
                .param("ids", ids)
                .query((rs, n) -> new AssetRow(rs.getObject("id", UUID.class), rs.getObject("project_id", UUID.class),
                        rs.getString("storage_key"), rs.getString("content_type"), rs.getLong("size_bytes"),
                        rs.getString("sha256"), rs.getString("file_name"), rs.getObject("uploaded_by", UUID.class),
                        rs.getTimestamp("uploaded_at").toInstant()))
                .list();
    }
}
