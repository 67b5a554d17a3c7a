package io.annotrail.app.asset;

import io.annotrail.command.asset.AssetStore;
import io.annotrail.domain.common.ProjectId;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Signed URLs for the assets a task's data refers to. Only assets of the task's own project are signed: a
 * reference to another project's asset (pasted into an import by mistake or on purpose) yields nothing, so task
 * data can never be used to reach content the project's members were not given.
 */
@Component
public class AssetLinks {

    /** Bounds the work (and the answer) one task can cause. */
    static final int MAX_REFS_PER_TASK = 256;

    private final AssetRepository assets;
    private final AssetStore store;
    private final AssetProperties properties;

    AssetLinks(AssetRepository assets, AssetStore store, AssetProperties properties) {
        this.assets = assets;
        this.store = store;
        this.properties = properties;
    }

    /** {@code assetRef} as written in the data → a URL valid for {@code ANNOTRAIL_ASSET_URL_TTL}. */
    public Map<String, String> signedUrls(ProjectId projectId, JsonNode data) {
        Map<UUID, String> refs = AssetRef.collect(data, MAX_REFS_PER_TASK);
        if (refs.isEmpty()) {
            return Map.of();
        }
        Map<UUID, AssetRepository.AssetRow> owned = assets.findInProject(projectId, refs.keySet()).stream()
                .collect(Collectors.toMap(AssetRepository.AssetRow::id, Function.identity()));
        Map<String, String> urls = new LinkedHashMap<>();
        refs.forEach((id, ref) -> {
            AssetRepository.AssetRow row = owned.get(id);
            if (row != null) {
                urls.put(ref, store.signedUrl(row.storageKey(), properties.urlTtl(), row.fileName()).toString());
            }
        });
        return Collections.unmodifiableMap(urls);
    }
}
