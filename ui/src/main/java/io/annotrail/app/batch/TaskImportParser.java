package io.annotrail.app.batch;

import io.annotrail.app.infra.AnnotrailProperties;
import io.annotrail.domain.batch.TaskInput;
import io.annotrail.domain.common.DomainException;
import io.annotrail.domain.common.ErrorCode;
import io.annotrail.domain.common.StorableText;
import io.annotrail.domain.common.TaskId;
import io.annotrail.domain.common.Violation;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns an import body (a JSON array, JSON Lines, or CSV with a header) into task inputs plus a per-line list of
 * what was rejected and why. Lines are numbered from 1: the line of a JSONL or CSV file (CSV counts the header
 * as line 1), the position of an element in a JSON array.
 */
@Component
class TaskImportParser {

    static final int MAX_EXTERNAL_ID_LENGTH = 200;

    record Rejected(int line, String reason) {
    }

    record Parsed(List<TaskInput> tasks, List<Integer> lines, List<Rejected> rejected) {
    }

    enum Format { JSON, JSONL, CSV }

    private final JsonMapper mapper;
    private final AnnotrailProperties properties;

    TaskImportParser(JsonMapper mapper, AnnotrailProperties properties) {
        this.mapper = mapper;
        this.properties = properties;
    }

    Parsed parse(byte[] body, Format format) {
        Builder out = new Builder();
        switch (format) {
            case JSON -> parseArray(body, out);
            case JSONL -> parseLines(body, out);
            case CSV -> parseCsv(new String(body, StandardCharsets.UTF_8), out);
        }
        if (out.tasks.size() + out.rejected.size() == 0) {
            throw new DomainException(ErrorCode.VALIDATION_FAILED, "the import contains no tasks",
                    List.of(new Violation("body", "at least one task is required")));
        }
        return new Parsed(out.tasks, out.lines, out.rejected);
    }

    private void parseArray(byte[] body, Builder out) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            throw new DomainException(ErrorCode.MALFORMED_REQUEST, "the body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new DomainException(ErrorCode.MALFORMED_REQUEST,
                    "expected a JSON array of {externalId, data}; send JSON Lines as application/x-ndjson");
        }
        int line = 0;
        for (JsonNode element : root) {
            accept(++line, element, out);
        }
    }

    private void parseLines(byte[] body, Builder out) {
        String text = new String(body, StandardCharsets.UTF_8);
        int line = 0;
        for (String raw : text.split("\n", -1)) {
            line++;
            String trimmed = raw.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = mapper.readTree(trimmed);
            } catch (JacksonException e) {
                out.reject(line, "not valid JSON: " + e.getOriginalMessage());
                continue;
            }
            accept(line, node, out);
        }
    }

    private void parseCsv(String text, Builder out) {
        List<List<String>> rows;
        try {
            rows = Csv.parse(text);
        } catch (IllegalArgumentException e) {
            throw new DomainException(ErrorCode.MALFORMED_REQUEST, "the body is not valid CSV: " + e.getMessage());
        }
        if (rows.isEmpty()) {
            return;
        }
        List<String> header = rows.getFirst();
        int idColumn = header.indexOf("externalId");
        if (idColumn < 0) {
            throw new DomainException(ErrorCode.MALFORMED_REQUEST, "the CSV header must have an 'externalId' column",
                    List.of(new Violation("line 1", "missing externalId column")));
        }
        for (int i = 1; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            int line = i + 1;
            if (row.size() == 1 && row.getFirst().isBlank()) {
                continue;
            }
            if (row.size() != header.size()) {
                out.reject(line, "expected " + header.size() + " columns, found " + row.size());
                continue;
            }
            ObjectNode data = mapper.createObjectNode();
            for (int c = 0; c < header.size(); c++) {
                if (c != idColumn) {
                    data.put(header.get(c), row.get(c));
                }
            }
            ObjectNode task = mapper.createObjectNode();
            task.put("externalId", row.get(idColumn));
            task.set("data", data);
            accept(line, task, out);
        }
    }

    private void accept(int line, JsonNode node, Builder out) {
        if (!node.isObject()) {
            out.reject(line, "expected an object {externalId, data}");
            return;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (!field.getKey().equals("externalId") && !field.getKey().equals("data")) {
                out.reject(line, "unknown field '" + field.getKey() + "'");
                return;
            }
        }
        JsonNode id = node.get("externalId");
        String externalId = id == null || id.isNull() ? null
                : id.isString() ? id.asString() : id.isIntegralNumber() ? id.asString() : null;
        if (externalId == null || externalId.isBlank()) {
            out.reject(line, "externalId is required (a non-empty string)");
            return;
        }
        if (externalId.length() > MAX_EXTERNAL_ID_LENGTH || externalId.chars().anyMatch(Character::isISOControl)
                || StorableText.problem(externalId) != null) {
            out.reject(line, "externalId must be at most " + MAX_EXTERNAL_ID_LENGTH
                    + " characters of valid Unicode text without control characters");
            return;
        }
        JsonNode data = node.get("data");
        if (data == null || !data.isObject()) {
            out.reject(line, "data is required and must be a JSON object");
            return;
        }
        // A value PostgreSQL cannot store would be refused by the task read model after the import was accepted.
        Violation unstorable = StorableText.firstProblem(data, "/data");
        if (unstorable != null) {
            out.reject(line, "the value at " + unstorable.path() + " " + unstorable.message());
            return;
        }
        int size = mapper.writeValueAsBytes(data).length;
        if (size > properties.limits().maxTaskDataBytes()) {
            out.reject(line, "data is " + size + " bytes; the limit is " + properties.limits().maxTaskDataBytes());
            return;
        }
        if (out.tasks.size() >= properties.limits().maxImportTasks()) {
            throw new DomainException(ErrorCode.PAYLOAD_TOO_LARGE,
                    "an import may hold at most " + properties.limits().maxImportTasks() + " tasks; split it into several");
        }
        out.tasks.add(new TaskInput(TaskId.random(), externalId, data));
        out.lines.add(line);
    }

    private static final class Builder {
        final List<TaskInput> tasks = new ArrayList<>();
        final List<Integer> lines = new ArrayList<>();
        final List<Rejected> rejected = new ArrayList<>();

        void reject(int line, String reason) {
            rejected.add(new Rejected(line, reason));
        }
    }
}
