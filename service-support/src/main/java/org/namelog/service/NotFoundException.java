package org.namelog.service;

/** No entry has the requested id (HTTP 404). */
public final class NotFoundException extends ServiceException {

    public NotFoundException(long id) {
        super("no entry with id " + id);
    }
}
