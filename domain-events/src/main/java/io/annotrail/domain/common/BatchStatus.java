package io.annotrail.domain.common;

public enum BatchStatus { DRAFT, OPEN, PAUSED, CLOSED }
