package io.annotrail.command.export;

import io.annotrail.domain.common.TaskStatus;
import io.annotrail.domain.job.ExportFormat;
import io.annotrail.domain.job.TaskFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import javax.sql.DataSource;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@link ExportWriter} reading the event store table itself. The project's tasks are listed from the command
 * side's external-id index (keyset pages in external-id order, so the order is the same on every run); each page's
 * events are read with {@code globalindex <= position}, which is what makes the file a function of the position:
 * an event appended later, whatever its task, has a higher global index (appends are serialized).
 * <p>
 * Payloads are deserialized with the event serializer. No upcasters exist yet; when one is added, it must be applied
 * here too.
 */
@Component
class JdbcExportWriter implements ExportWriter {

    static final int PAGE = 500;

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final JdbcClient jdbc;
    private final Serializer serializer;

    JdbcExportWriter(DataSource dataSource, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = JdbcClient.create(dataSource);
        this.serializer = serializer;
    }

    @Override
    public long headPosition() {
        return jdbc.sql("SELECT coalesce(max(globalindex), -1) FROM domainevententry").query(Long.class).single();
    }

    @Override
    public long write(ExportSpec spec, OutputStream out, Progress progress) throws IOException {
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        RowWriter rows = spec.format() == ExportFormat.CSV ? new CsvRows(spec, writer) : new JsonlRows(spec, writer);
        long total = jdbc.sql("SELECT count(*) FROM cmd_external_id WHERE project_id = ?")
                .param(spec.projectId().value()).query(Long.class).single();
        long scanned = 0;
        long written = 0;
        rows.header();
        String after = null;
        while (true) {
            Page page = page(spec, after);
            if (page.taskIds().isEmpty()) {
                break;
            }
            for (ExportedTask task : fold(page.taskIds(), spec.eventPosition())) {
                if (task != null && matches(task, spec.filter())) {
                    written += rows.write(task);
                }
            }
            scanned += page.taskIds().size();
            after = page.lastExternalId();
            if (progress.report(scanned, total)) {
                throw new Stopped();
            }
        }
        writer.flush();
        return written;
    }

    private record Page(List<UUID> taskIds, String lastExternalId) {
    }

    private Page page(ExportSpec spec, String after) {
        List<UUID> ids = new ArrayList<>(PAGE);
        String[] last = {after};
        jdbc.sql("""
                        SELECT external_id, task_id FROM cmd_external_id
                        WHERE project_id = ? AND (CAST(? AS text) IS NULL OR external_id > ?)
                        ORDER BY external_id LIMIT ?""")
                .params(spec.projectId().value(), after, after, PAGE)
                .query(rs -> {
                    ids.add(rs.getObject("task_id", UUID.class));
                    last[0] = rs.getString("external_id");
                });
        return new Page(ids, last[0]);
    }

    /** The page's tasks in page order; a task created after the position folds to null. */
    private List<ExportedTask> fold(List<UUID> page, long position) {
        Map<String, ExportedTask> byId = new LinkedHashMap<>();
        page.forEach(id -> byId.put(id.toString(), null));
        Map<String, ExportedTask> folded = new HashMap<>();
        jdbc.sql("""
                        SELECT aggregateidentifier, payloadtype, payloadrevision, payload FROM domainevententry
                        WHERE aggregateidentifier = ANY (CAST(? AS varchar[])) AND globalindex <= ?
                        ORDER BY aggregateidentifier, sequencenumber""")
                .params(page.stream().map(UUID::toString).toArray(String[]::new), position)
                .query(rs -> {
                    String id = rs.getString(1);
                    SerializedObject<byte[]> serialized = new SimpleSerializedObject<>(rs.getBytes(4), byte[].class,
                            new SimpleSerializedType(rs.getString(2), rs.getString(3)));
                    Object event = serializer.deserialize(serialized);
                    folded.put(id, ExportedTask.fold(folded.get(id), event));
                });
        byId.replaceAll((id, none) -> folded.get(id));
        return new ArrayList<>(byId.values());
    }

    private static boolean matches(ExportedTask task, TaskFilter filter) {
        if (filter == null) {
            return true;
        }
        TaskStatus status = filter.status();
        return (filter.batchId() == null || filter.batchId().toString().equals(task.batchId))
                && (status == null || status == task.status);
    }

    private interface RowWriter {
        void header() throws IOException;

        /** Answers the number of rows written for the task. */
        long write(ExportedTask task) throws IOException;
    }

    /** One JSON object per task and line; members in a fixed order. */
    private record JsonlRows(ExportSpec spec, Writer out) implements RowWriter {

        @Override
        public void header() {
        }

        @Override
        public long write(ExportedTask task) throws IOException {
            ObjectNode row = NODES.objectNode();
            row.put("taskId", task.taskId);
            row.put("externalId", task.externalId);
            row.put("batchId", task.batchId);
            row.put("status", task.status.name());
            if (spec.includes("data")) {
                row.set("data", task.data);
            }
            if (spec.includes("annotations")) {
                ArrayNode annotations = row.putArray("annotations");
                task.annotations.values().forEach(a -> annotations.add(annotation(a)));
            }
            if (spec.includes("reviews")) {
                ArrayNode reviews = row.putArray("reviews");
                task.reviews.forEach(r -> reviews.add(review(r)));
            }
            if (spec.includes("suggestion")) {
                if (task.suggestion == null) {
                    row.putNull("suggestion");
                } else {
                    row.set("suggestion", task.suggestion);
                }
            }
            out.write(JSON.writeValueAsString(row));
            out.write('\n');
            return 1;
        }
    }

    /**
     * RFC 4180 with CRLF line ends; one row per annotation (a task without annotations gets one row with empty
     * annotation columns). JSON values are JSON text in their cell. Every cell that a spreadsheet would read as a
     * formula (leading = + - @, tab or CR) gets a leading apostrophe.
     */
    private static final class CsvRows implements RowWriter {

        private final ExportSpec spec;
        private final Writer out;

        CsvRows(ExportSpec spec, Writer out) {
            this.spec = spec;
            this.out = out;
        }

        @Override
        public void header() throws IOException {
            List<String> columns = new ArrayList<>(List.of("taskId", "externalId", "batchId", "status"));
            if (spec.includes("data")) {
                columns.add("data");
            }
            if (spec.includes("annotations")) {
                columns.addAll(List.of("annotationId", "annotatorId", "response", "schemaVersion", "submittedAt",
                        "timeOnTaskMillis", "reviewStatus", "reworkOf"));
            }
            if (spec.includes("reviews")) {
                columns.add("reviews");
            }
            if (spec.includes("suggestion")) {
                columns.add("suggestion");
            }
            line(columns);
        }

        @Override
        public long write(ExportedTask task) throws IOException {
            boolean perAnnotation = spec.includes("annotations") && !task.annotations.isEmpty();
            if (!perAnnotation) {
                line(cells(task, null));
                return 1;
            }
            for (ExportedTask.Annotation annotation : task.annotations.values()) {
                line(cells(task, annotation));
            }
            return task.annotations.size();
        }

        private List<String> cells(ExportedTask task, ExportedTask.Annotation a) {
            List<String> cells = new ArrayList<>(List.of(task.taskId, task.externalId, task.batchId,
                    task.status.name()));
            if (spec.includes("data")) {
                cells.add(json(task.data));
            }
            if (spec.includes("annotations")) {
                if (a == null) {
                    cells.addAll(java.util.Collections.nCopies(8, ""));
                } else {
                    cells.addAll(List.of(a.annotationId(), a.annotatorId(), json(a.response()),
                            Integer.toString(a.schemaVersion()), text(a.submittedAt()),
                            Long.toString(a.timeOnTaskMillis()), a.reviewStatus(),
                            a.reworkOf() == null ? "" : a.reworkOf()));
                }
            }
            if (spec.includes("reviews")) {
                // With annotation rows, the reviews of that annotation; otherwise all of the task's reviews.
                ArrayNode reviews = NODES.arrayNode();
                task.reviews.stream()
                        .filter(r -> !spec.includes("annotations") || a != null && r.annotationId().equals(a.annotationId()))
                        .forEach(r -> reviews.add(review(r)));
                cells.add(JSON.writeValueAsString(reviews));
            }
            if (spec.includes("suggestion")) {
                cells.add(task.suggestion == null ? "" : JSON.writeValueAsString(task.suggestion));
            }
            return cells;
        }

        private void line(List<String> cells) throws IOException {
            for (int i = 0; i < cells.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.write(cell(cells.get(i)));
            }
            out.write("\r\n");
        }

        static String json(JsonNode node) {
            return node == null ? "" : JSON.writeValueAsString(node);
        }
    }

    /** Neutralises formula injection, then quotes as RFC 4180 requires. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = switch (value.charAt(0)) {
            case '=', '+', '-', '@', '\t', '\r' -> "'" + value;
            default -> value;
        };
        boolean quote = safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0
                || safe.indexOf('\r') >= 0;
        return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
    }

    private static ObjectNode annotation(ExportedTask.Annotation a) {
        ObjectNode node = NODES.objectNode();
        node.put("annotationId", a.annotationId());
        node.put("annotatorId", a.annotatorId());
        node.set("response", a.response());
        node.put("schemaVersion", a.schemaVersion());
        node.put("submittedAt", text(a.submittedAt()));
        node.put("timeOnTaskMillis", a.timeOnTaskMillis());
        node.put("reviewStatus", a.reviewStatus());
        node.put("reworkOf", a.reworkOf());
        return node;
    }

    private static ObjectNode review(ExportedTask.Review r) {
        ObjectNode node = NODES.objectNode();
        node.put("annotationId", r.annotationId());
        node.put("reviewerId", r.reviewerId());
        node.put("decision", r.decision());
        node.put("comment", r.comment());
        node.put("reviewedAt", text(r.reviewedAt()));
        return node;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
