package io.annotrail.app.asset;

import io.annotrail.command.asset.AssetStore;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Serves the local store's signed URLs. No token: the signature is the credential. Content uploaded by users is
 * hostile, and this is the app's own origin, so whatever the bytes are they leave with {@code nosniff}, a
 * sandboxing CSP that forbids every subresource, and as an attachment unless they are a raster image; markup was
 * already typed as opaque bytes when it arrived.
 */
@RestController
@Tag(name = "Assets")
class SignedAssetController {

    private final AssetStore store;
    private final Clock clock;

    SignedAssetController(AssetStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @GetMapping(LocalDirectoryAssetStore.URL_PATH + "{area}/{name}")
    @Operation(summary = "Download an asset through a signed URL (local store); 403 when expired or tampered")
    ResponseEntity<Resource> download(@PathVariable String area, @PathVariable String name,
                                      @RequestParam(name = "exp", required = false) String expires,
                                      @RequestParam(name = "fn", required = false) String fileName,
                                      @RequestParam(name = "sig", required = false) String signature) {
        if (!(store instanceof LocalDirectoryAssetStore local)) {
            // With Blob Storage the URLs point at the storage account; nothing is served here.
            throw new DomainException(ErrorCode.ASSET_NOT_FOUND, "no such asset");
        }
        String key = area + "/" + name;
        String downloadName = local.verify(key, expires, fileName, signature);
        AssetStore.StoredAsset stored = local.describe(key)
                .orElseThrow(() -> new DomainException(ErrorCode.ASSET_NOT_FOUND, "no such asset"));
        Path file;
        try {
            file = local.servedFile(key);
        } catch (NoSuchFileException e) {
            throw new DomainException(ErrorCode.ASSET_NOT_FOUND, "no such asset");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read asset " + key, e);
        }
        ContentType type = ContentType.forServing(stored.contentType());
        Duration remaining = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(expires)));
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_TYPE, type.mediaType())
                .header(HttpHeaders.CONTENT_DISPOSITION, DownloadNames.contentDisposition(type.inline(), downloadName))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                // The URL is a credential: keep it out of Referer headers and shared caches.
                .header("Referrer-Policy", "no-referrer")
                .cacheControl(CacheControl.maxAge(remaining.isNegative() ? Duration.ZERO : remaining).cachePrivate())
                .body(new FileSystemResource(file));
    }
}
