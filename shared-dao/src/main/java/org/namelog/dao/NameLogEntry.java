package org.namelog.dao;

import java.time.OffsetDateTime;

/**
 * One NameLog entry as the services see it, whatever path it was read through.
 *
 * @param id the entry's primary key
 * @param name the name exactly as written; {@code null} if it was written as {@code null}
 * @param status the entry's status code
 * @param timestamp when the entry's data last changed (set by the database, never by the migration)
 */
public record NameLogEntry(long id, String name, int status, OffsetDateTime timestamp) {}
