package org.namelog.service.b;

import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.NameLogEntry;
import org.namelog.service.EntryReads;
import org.namelog.service.NameLogServer;
import org.namelog.service.Requests;
import org.namelog.service.RunningService;
import org.namelog.service.ServiceConfig;

/**
 * Service B reads.
 *
 * <ul>
 *   <li>{@code GET /entries/{id}}: 200 the entry, or 404
 *   <li>{@code GET /entries?name=&after=&limit=}: entries in id order with an id above {@code after}
 *       (default 0), at most {@code limit} (default 100, at most 1000), with exactly this name if
 *       {@code name} is given (the empty string included); {@code nextAfter} is the {@code after} of
 *       the next page, or null on the last
 *   <li>{@code GET /stats/status}: {@code [{"status": 1, "count": 3}, ...]} by status
 * </ul>
 */
public final class ServiceB {

    public static final String SERVICE = "service-b";
    static final int DEFAULT_LIMIT = 100;

    private ServiceB() {}

    /** Starts service B in this JVM; {@code config.service()} should be {@link #SERVICE}. */
    public static RunningService start(ServiceConfig config) {
        return NameLogServer.start(config, ServiceB::routes);
    }

    public static void main(String[] args) {
        NameLogServer.runFromEnvironment(SERVICE, ServiceB::routes);
    }

    private static void routes(Javalin app, NameLogDao dao, Requests requests) {
        app.get("/entries/{id}", EntryReads.byId(dao, requests));
        app.get("/entries", ctx -> {
            String name = requests.queryName(ctx, "name");
            long after = requests.queryLong(ctx, "after", 0, 0, Long.MAX_VALUE);
            int limit = (int) requests.queryLong(ctx, "limit", DEFAULT_LIMIT, 1, requests.maxPageSize());
            List<NameLogEntry> entries = name == null ? dao.list(after, limit) : dao.findByName(name, after, limit);
            Map<String, Object> page = new LinkedHashMap<>();
            page.put("entries", entries);
            page.put("nextAfter", entries.size() == limit ? entries.get(entries.size() - 1).id() : null);
            ctx.json(page);
        });
        app.get("/stats/status", ctx -> {
            List<Map<String, Object>> counts = new ArrayList<>();
            dao.countByStatus().forEach((status, count) -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("status", status);
                row.put("count", count);
                counts.add(row);
            });
            ctx.json(counts);
        });
    }
}
