package org.namelog.spring;

import java.util.ArrayList;
import java.util.List;
import org.namelog.spring.app.NameLogTestApplication;
import org.namelog.testing.TestDatabase;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Boots {@link NameLogTestApplication} on a test database, as a team's application would run. */
final class TestApp {

    private TestApp() {}

    static ConfigurableApplicationContext start(TestDatabase db, String... properties) {
        List<String> all = new ArrayList<>(List.of(
                "spring.application.name=orders",
                "spring.datasource.url=" + db.jdbcUrl(),
                "spring.datasource.username=" + db.user(),
                "spring.datasource.password=" + (db.password() == null ? "" : db.password()),
                "spring.datasource.hikari.maximum-pool-size=6",
                // Actuator's endpoints without a web server: over JMX, read as beans by the tests
                "spring.jmx.enabled=true",
                "management.endpoints.jmx.exposure.include=health,info",
                "management.endpoint.health.show-details=always",
                "management.info.namelog.enabled=true"));
        all.addAll(List.of(properties));
        return new SpringApplicationBuilder(NameLogTestApplication.class)
                .web(WebApplicationType.NONE)
                .properties(all.toArray(new String[0]))
                .run();
    }
}
