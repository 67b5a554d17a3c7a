package io.annotrail.app.asset;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ContentDetectorTest {

    private static ContentType detect(byte[] content) {
        return detectInChunks(content, 8192);
    }

    private static ContentType detectInChunks(byte[] content, int chunk) {
        ContentDetector detector = new ContentDetector();
        for (int off = 0; off < content.length; off += chunk) {
            detector.update(content, off, Math.min(chunk, content.length - off));
        }
        return detector.result();
    }

    @Test
    void imagesAreRecognisedByTheirMagicNumbers() {
        assertThat(detect(Samples.PNG)).isEqualTo(ContentType.PNG);
        assertThat(detect(Samples.JPEG)).isEqualTo(ContentType.JPEG);
        assertThat(detect(Samples.GIF)).isEqualTo(ContentType.GIF);
        assertThat(detect(Samples.WEBP)).isEqualTo(ContentType.WEBP);
        assertThat(ContentType.PNG.inline()).isTrue();
    }

    @Test
    void documentsAndMediaAreRecognisedAndNeverShownInline() {
        assertThat(detect(Samples.PDF)).isEqualTo(ContentType.PDF);
        assertThat(detect(Samples.WAV)).isEqualTo(ContentType.WAV);
        assertThat(detect(Samples.MP3_ID3)).isEqualTo(ContentType.MP3);
        assertThat(detect(Samples.MP3_FRAME)).isEqualTo(ContentType.MP3);
        assertThat(detect(Samples.MP4)).isEqualTo(ContentType.MP4);
        assertThat(ContentType.PDF.inline()).isFalse();
    }

    @Test
    void utf8TextIsTextAndOneJsonDocumentIsJsonEvenWhenSplitAcrossChunks() {
        byte[] text = "Grüße aus Köln – ✓\n".repeat(100).getBytes(StandardCharsets.UTF_8);
        byte[] json = "{\"a\": [1, 2, {\"b\": \"ü\"}], \"c\": null}".getBytes(StandardCharsets.UTF_8);
        assertThat(detectInChunks(text, 7)).isEqualTo(ContentType.TEXT);
        assertThat(detectInChunks(json, 3)).isEqualTo(ContentType.JSON);
        assertThat(detect(Samples.text("  [1, 2, 3]\n"))).isEqualTo(ContentType.JSON);
    }

    @Test
    void jsonLinesBareScalarsAndBrokenJsonAreText() {
        assertThat(detect(Samples.text("{\"a\":1}\n{\"a\":2}\n"))).isEqualTo(ContentType.TEXT);
        assertThat(detect(Samples.text("\"just a string\""))).isEqualTo(ContentType.TEXT);
        assertThat(detect(Samples.text("{\"a\": "))).isEqualTo(ContentType.TEXT);
    }

    @Test
    void markupIsOpaqueBytesWhateverItClaimsToBe() {
        assertThat(detect(Samples.HTML)).isEqualTo(ContentType.BINARY);
        assertThat(detect(Samples.SVG)).isEqualTo(ContentType.BINARY);
        assertThat(detect(Samples.text("<?xml version=\"1.0\"?><x/>"))).isEqualTo(ContentType.BINARY);
        assertThat(detect(Samples.text("hello\n<script>alert(1)</script>"))).isEqualTo(ContentType.BINARY);
    }

    @Test
    void invalidUtf8ControlCharactersAndUnknownBytesAreOpaque() {
        assertThat(detect(new byte[]{'a', (byte) 0xC0, (byte) 0xAF})).isEqualTo(ContentType.BINARY); // overlong '/'
        assertThat(detect(new byte[]{'a', (byte) 0xED, (byte) 0xA0, (byte) 0x80})).isEqualTo(ContentType.BINARY); // surrogate
        assertThat(detect(new byte[]{'a', (byte) 0xE2, (byte) 0x82})).isEqualTo(ContentType.BINARY); // truncated
        assertThat(detect(new byte[]{'a', 0, 'b'})).isEqualTo(ContentType.BINARY);
        assertThat(detect(new byte[]{0x7F, 'E', 'L', 'F', 2, 1, 1})).isEqualTo(ContentType.BINARY);
    }

    @Test
    void aDeclarationCanOnlyNarrowTextToAnotherTextFormat() {
        assertThat(ContentType.reconcile(ContentType.TEXT, "text/csv").mediaType()).isEqualTo("text/csv; charset=utf-8");
        assertThat(ContentType.reconcile(ContentType.TEXT, "application/x-ndjson").mediaType()).isEqualTo("application/x-ndjson");
        assertThat(ContentType.reconcile(ContentType.TEXT, "text/html")).isEqualTo(ContentType.TEXT);
        assertThat(ContentType.reconcile(ContentType.BINARY, "text/csv")).isEqualTo(ContentType.BINARY);
        assertThat(ContentType.reconcile(ContentType.PNG, "image/svg+xml")).isEqualTo(ContentType.PNG);
        assertThat(ContentType.forServing("text/html; charset=utf-8")).isEqualTo(ContentType.BINARY);
        assertThat(ContentType.forServing("image/svg+xml")).isEqualTo(ContentType.BINARY);
    }
}
