package io.annotrail.command.export;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes an export: every task of the project as it was at the spec's event position, in external-id order.
 * The output depends only on the spec and the events up to that position (no clock, no run id), so the same
 * position always gives the same bytes. Memory stays bounded by one page of tasks, however large the project.
 */
interface ExportWriter {

    /** Told after each page of tasks; answers whether the export must stop (it was cancelled). */
    interface Progress {
        boolean report(long tasksScanned, long tasksTotal);
    }

    /** Answers the number of rows written (JSONL: tasks; CSV: data rows, without the header). */
    long write(ExportSpec spec, OutputStream out, Progress progress) throws IOException;

    /** The global index of the newest stored event (-1 when there is none). */
    long headPosition();

    /** Thrown out of {@link #write} when {@link Progress#report} asked to stop. */
    final class Stopped extends RuntimeException {
        Stopped() {
            super("export stopped", null, false, false);
        }
    }
}
