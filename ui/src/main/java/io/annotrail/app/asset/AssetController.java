package io.annotrail.app.asset;

import io.annotrail.app.security.CurrentUser;
import io.annotrail.app.web.Access;
import io.annotrail.command.asset.AssetStore;
import io.annotrail.domain.common.*;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.*;
import org.springframework.web.multipart.MultipartFile;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Assets", description = "Files that task data refers to by assetRef; handed out only through signed URLs")
class AssetController {

    private static final Logger log = LoggerFactory.getLogger(AssetController.class);
    static final String UPLOAD_AREA = "uploads";

    record UploadResponse(String assetRef, String contentType, long size, String sha256) {
    }

    private final Access access;
    private final AssetStore store;
    private final AssetRepository assets;
    private final AssetProperties properties;
    private final Clock clock;

    AssetController(Access access, AssetStore store, AssetRepository assets, AssetProperties properties, Clock clock) {
        this.access = access;
        this.store = store;
        this.assets = assets;
        this.properties = properties;
        this.clock = clock;
    }

    @PostMapping(path = "/projects/{projectId}/assets", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Upload a file (multipart part 'file'); answers the assetRef to put in task data. The type "
            + "is detected from the bytes; the file name is kept only as a download name.")
    UploadResponse upload(@PathVariable UUID projectId, @RequestPart(name = "file", required = false) MultipartFile file)
            throws IOException {
        ProjectId project = new ProjectId(projectId);
        access.requireProject(project, Role.MANAGING);
        if (file == null) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "a multipart part named 'file' is required",
                    List.of(new Violation("file", "required")));
        }
        if (file.isEmpty()) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "the file is empty",
                    List.of(new Violation("file", "must not be empty")));
        }
        if (file.getSize() > properties.maxBytes()) {
            throw new DomainException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "the file exceeds the limit of " + properties.maxBytes() + " bytes");
        }
        UUID id = UUID.randomUUID();
        String key = AssetKeys.of(UPLOAD_AREA, id, null);
        AssetStore.StoredAsset stored;
        try (InputStream in = file.getInputStream()) {
            stored = store.put(key, in, properties.maxBytes(), null);
        }
        ContentType type = ContentType.forServing(stored.contentType());
        try {
            assets.insert(new AssetRepository.AssetRow(id, projectId, key, stored.contentType(), stored.size(),
                    stored.sha256(), DownloadNames.forType(file.getOriginalFilename(), type.extension()),
                    CurrentUser.get().id().value(), clock.instant()));
        } catch (RuntimeException e) {
            // Without its row nothing can ever refer to the content: do not leave it behind.
            try {
                store.delete(key);
            } catch (IOException cleanup) {
                log.warn("Could not remove asset {} after its record failed", key, cleanup);
            }
            throw e;
        }
        return new UploadResponse(AssetRef.of(id), stored.contentType(), stored.size(), stored.sha256());
    }
}
