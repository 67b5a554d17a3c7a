package io.annotrail.command.prelabel;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Turns a template, the project's instructions and a task's data into the two chat messages.
 * <p>
 * The template's text before the data block's {@value #DATA_OPEN} marker is the system message: the rules and the project's
 * instructions ({@value #INSTRUCTIONS}), written by people who may configure the project. From the marker on it is
 * the user message, whose only variable part is the task's data ({@value #DATA}) between the markers. Task data is
 * untrusted (anyone who can import may write anything into it), so it is only ever data: it is never put into the
 * system message, and it is inserted as JSON in which every {@code <}, {@code >} and {@code &} is written as a
 * {@code \\u} escape. JSON can only contain those characters inside strings, where the escape means the same
 * character, so the model reads the same data, but the text cannot contain a marker: whatever a task says, it cannot
 * close the data block and continue as instructions. Substitution is one pass per message, so text that looks like
 * a placeholder inside the instructions or the data stays as it is.
 */
public final class PromptBuilder {

    public static final String DATA_OPEN = "<task-data>";
    public static final String DATA_CLOSE = "</task-data>";
    public static final String INSTRUCTIONS = "{{instructions}}";
    public static final String DATA = "{{data}}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Messages(String system, String user) {
    }

    private PromptBuilder() {
    }

    /**
     * Throws IllegalArgumentException unless the template has exactly one {@value #DATA}, enclosed by the nearest
     * {@value #DATA_OPEN} before it and the nearest {@value #DATA_CLOSE} after it (the data block), with no marker
     * after the block and {@value #INSTRUCTIONS} only before it. The rules before the block may mention the markers
     * (the default template explains them to the model); they are part of the system message.
     */
    public static void check(String template) {
        dataBlockStart(template);
    }

    /** Where the data block's opening marker starts; see {@link #check}. */
    private static int dataBlockStart(String template) {
        int data = template.indexOf(DATA);
        if (data < 0 || template.indexOf(DATA, data + 1) >= 0) {
            throw new IllegalArgumentException("the template must contain " + DATA + " exactly once");
        }
        int open = template.lastIndexOf(DATA_OPEN, data);
        int close = template.indexOf(DATA_CLOSE, data);
        if (open < 0 || close < 0) {
            throw new IllegalArgumentException(DATA + " must be enclosed by " + DATA_OPEN + " and " + DATA_CLOSE);
        }
        String block = template.substring(open + DATA_OPEN.length(), close);
        String after = template.substring(close + DATA_CLOSE.length());
        if (block.contains(DATA_OPEN) || after.contains(DATA_OPEN) || after.contains(DATA_CLOSE)) {
            throw new IllegalArgumentException("the template must have exactly one data block, and no marker after it");
        }
        if (template.indexOf(INSTRUCTIONS, open) >= 0) {
            throw new IllegalArgumentException(INSTRUCTIONS + " belongs before the data block");
        }
        return open;
    }

    public static Messages build(String template, String instructions, JsonNode data) {
        int open = dataBlockStart(template);
        String system = template.substring(0, open).replace(INSTRUCTIONS, instructions == null ? "" : instructions)
                .strip();
        String user = template.substring(open).replace(DATA, escapedData(data)).strip();
        return new Messages(system, user);
    }

    /** The data as JSON with no character that could start or end a marker. */
    public static String escapedData(JsonNode data) {
        String json = JSON.writeValueAsString(data == null ? JsonNodeFactory.instance.nullNode() : data);
        StringBuilder out = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> out.append("\\u003c");
                case '>' -> out.append("\\u003e");
                case '&' -> out.append("\\u0026");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
