package org.namelog.service;

/** The request body is larger than the service accepts (HTTP 413); nothing was read past the limit. */
public final class BodyTooLargeException extends ServiceException {

    public BodyTooLargeException(long limit) {
        super("the body is larger than the " + limit + " bytes this service accepts: send less");
    }
}
