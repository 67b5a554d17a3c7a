package io.annotrail.command.prelabel;

/** A prompt template as loaded: its id (the file name without {@code .md}), its text and its version hash. */
public record PromptTemplate(String id, String text, String sha256) {
}
