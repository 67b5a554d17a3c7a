package io.annotrail.domain.common;

public enum ReviewMode { NONE, ALL, SAMPLE }
