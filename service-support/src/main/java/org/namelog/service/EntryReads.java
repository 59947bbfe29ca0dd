package org.namelog.service;

import io.javalin.http.Handler;
import org.namelog.dao.NameLogDao;

/** The read endpoints both services serve the same way. */
public final class EntryReads {

    private EntryReads() {}

    /** {@code GET /entries/{id}}: the entry as JSON ({@code name} is JSON null for a NULL name), or 404. */
    public static Handler byId(NameLogDao dao, Requests requests) {
        return ctx -> {
            long id = requests.pathId(ctx);
            ctx.json(dao.findById(id).orElseThrow(() -> new NotFoundException(id)));
        };
    }
}
