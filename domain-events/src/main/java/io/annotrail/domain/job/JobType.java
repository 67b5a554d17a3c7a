package io.annotrail.domain.job;

/** What a job does; a persisted contract (names are never changed). */
public enum JobType { ASSIGNMENT, EXPORT, PRELABEL }
