package io.annotrail.domain.common;

public enum ReviewDecision { ACCEPT, REJECT }
