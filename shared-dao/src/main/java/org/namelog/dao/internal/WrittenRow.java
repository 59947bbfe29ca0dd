package org.namelog.dao.internal;

/** What a write that resolved a name returns: the entry's id and the Name id it now points at. */
public record WrittenRow(long id, Long nameId) {}
