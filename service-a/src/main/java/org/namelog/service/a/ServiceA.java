package org.namelog.service.a;

import io.javalin.Javalin;
import io.javalin.http.HttpStatus;
import java.util.Map;
import org.namelog.dao.NameLogDao;
import org.namelog.service.EntryReads;
import org.namelog.service.NameLogServer;
import org.namelog.service.NotFoundException;
import org.namelog.service.Requests;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;

/**
 * Service A writes entries and reads them back.
 *
 * <ul>
 *   <li>{@code POST /entries} {@code {"name": "...", "status": 1}}: 201 {@code {"id": 42}}
 *   <li>{@code PUT /entries/{id}/status} {@code {"status": 2}}: 204, or 404
 *   <li>{@code PUT /entries/{id}/name} {@code {"name": "..."}}: 204, or 404 ({@code null} is a name)
 *   <li>{@code GET /entries/{id}}: 200 {@code {"id", "name", "status", "timestamp"}}, or 404
 * </ul>
 */
public final class ServiceA {

    public static final String SERVICE = "service-a";

    private ServiceA() {}

    /** Starts service A in this JVM; {@code config.service()} should be {@link #SERVICE}. */
    public static RunningService start(ServiceConfig config) {
        return NameLogServer.start(config, ServiceA::routes);
    }

    public static void main(String[] args) {
        NameLogServer.runFromEnvironment(SERVICE, ServiceA::routes);
    }

    private static void routes(Javalin app, NameLogDao dao, Requests requests) {
        app.post("/entries", ctx -> {
            Requests.Body body = requests.body(ctx);
            String name = body.nullableName("name");
            int status = body.integer("status");
            long id = dao.insert(name, status);
            ctx.status(HttpStatus.CREATED).header("Location", "/entries/" + id).json(Map.of("id", id));
        });
        app.put("/entries/{id}/status", ctx -> {
            long id = requests.pathId(ctx);
            int status = requests.body(ctx).integer("status");
            if (!dao.updateStatus(id, status)) {
                throw new NotFoundException(id);
            }
            ctx.status(HttpStatus.NO_CONTENT);
        });
        app.put("/entries/{id}/name", ctx -> {
            long id = requests.pathId(ctx);
            String name = requests.body(ctx).nullableName("name");
            if (!dao.rename(id, name)) {
                throw new NotFoundException(id);
            }
            ctx.status(HttpStatus.NO_CONTENT);
        });
        app.get("/entries/{id}", EntryReads.byId(dao, requests));
    }
}
