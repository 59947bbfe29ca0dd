package org.namelog.service;

import io.javalin.Javalin;
import org.namelog.dao.NameLogDao;

/** A service's own endpoints, added to the app {@link NameLogServer} prepared. */
@FunctionalInterface
public interface Routes {

    void addTo(Javalin app, NameLogDao dao, Requests requests);
}
