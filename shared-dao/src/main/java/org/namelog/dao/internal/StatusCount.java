package org.namelog.dao.internal;

/** One row of the count by status. */
public record StatusCount(int status, long count) {}
