package io.annotrail.command.prelabel;

import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.Violation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Loads prompt templates {@code <promptId>.md} at run time: from a folder on disk first (so operators can add or
 * change prompts without a build), then from {@code prompts/} on the classpath (the copy the jar carries).
 * <p>
 * The version of a template is the SHA-256 of the file's bytes, so any edit is a new version and every suggestion
 * names exactly the text it was made with. Ids are checked against {@link #ID} before any path is built: only
 * lower-case letters, digits, {@code -} and {@code _}, so an id can never name a file outside the folder ({@code ..},
 * slashes, absolute paths, drive letters) and the resolved path is checked to stay inside it all the same.
 */
public final class PromptTemplates {

    public static final String DEFAULT_ID = "default-labeller";
    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    public static final int MAX_BYTES = 64 * 1024;
    static final String CLASSPATH_FOLDER = "prompts/";

    private final Path folder;
    private final ClassLoader classLoader;

    /** folder may be null: then only the classpath copy is used. */
    public PromptTemplates(Path folder) {
        this(folder, PromptTemplates.class.getClassLoader());
    }

    PromptTemplates(Path folder, ClassLoader classLoader) {
        this.folder = folder == null ? null : folder.toAbsolutePath().normalize();
        this.classLoader = classLoader;
    }

    /**
     * The template with that id (null or blank: the default). Throws VALIDATION_FAILED naming {@code promptId} for an
     * id that breaks the pattern or names no template, and for a template that is too large, not UTF-8 or lacks the
     * placeholders the prompt needs.
     */
    public PromptTemplate load(String promptId) {
        String id = promptId == null || promptId.isBlank() ? DEFAULT_ID : promptId;
        if (!ID.matcher(id).matches()) {
            throw invalid("must match " + ID.pattern());
        }
        byte[] bytes = read(id).orElseThrow(() -> invalid("no prompt template named " + id));
        if (bytes.length > MAX_BYTES) {
            throw invalid("the template is larger than " + MAX_BYTES + " bytes");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw invalid("the template is not UTF-8 text");
        }
        try {
            PromptBuilder.check(text);
        } catch (IllegalArgumentException e) {
            throw invalid(e.getMessage());
        }
        return new PromptTemplate(id, text, sha256(bytes));
    }

    private Optional<byte[]> read(String id) {
        String fileName = id + ".md";
        if (folder != null) {
            Path file = folder.resolve(fileName).normalize();
            if (file.startsWith(folder) && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    return Optional.of(Files.readAllBytes(file));
                } catch (IOException e) {
                    throw new IllegalStateException("prompt template " + file + " cannot be read", e);
                }
            }
        }
        try (InputStream in = classLoader.getResourceAsStream(CLASSPATH_FOLDER + fileName)) {
            return in == null ? Optional.empty() : Optional.of(in.readNBytes(MAX_BYTES + 1));
        } catch (IOException e) {
            throw new IllegalStateException("prompt template " + fileName + " cannot be read from the classpath", e);
        }
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static DomainException invalid(String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, "promptId " + message,
                List.of(new Violation("promptId", message)));
    }
}
