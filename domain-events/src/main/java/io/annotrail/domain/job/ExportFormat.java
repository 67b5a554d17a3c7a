package io.annotrail.domain.job;

/** JSONL: one task per line. CSV: one row per annotation (a task without annotations gets one row). */
public enum ExportFormat { JSONL, CSV }
