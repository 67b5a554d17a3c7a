package io.annotrail.app.asset;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Small files whose first bytes are those of real ones: the detector looks at nothing else. */
final class Samples {

    private Samples() {
    }

    static final byte[] PNG = withTail(new byte[]{(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A,
            0, 0, 0, 0x0D, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0});
    static final byte[] JPEG = withTail(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0x10,
            'J', 'F', 'I', 'F', 0});
    static final byte[] GIF = withTail("GIF89a".getBytes(StandardCharsets.US_ASCII));
    static final byte[] WEBP = withTail(new byte[]{'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', ' '});
    static final byte[] WAV = withTail(new byte[]{'R', 'I', 'F', 'F', 0x24, 0, 0, 0, 'W', 'A', 'V', 'E', 'f', 'm', 't', ' '});
    static final byte[] PDF = "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] MP3_ID3 = withTail(new byte[]{'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0});
    static final byte[] MP3_FRAME = withTail(new byte[]{(byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64});
    static final byte[] MP4 = withTail(new byte[]{0, 0, 0, 0x18, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0});
    static final byte[] HTML = "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>".getBytes(StandardCharsets.UTF_8);

    static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A binary tail so that the sample is not also valid text. */
    private static byte[] withTail(byte[] head) {
        byte[] out = Arrays.copyOf(head, head.length + 64);
        for (int i = head.length; i < out.length; i++) {
            out[i] = (byte) (i * 37);
        }
        return out;
    }
}
