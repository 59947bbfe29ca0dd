package org.namelog.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/** A PostgreSQL container, for machines with Docker (NAMELOG_TEST_POSTGRES=testcontainers). */
final class TestcontainersServer {

    private TestcontainersServer() {}

    static PostgresServer start(String major) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new IllegalStateException("NAMELOG_TEST_POSTGRES=testcontainers, but no Docker engine answers:"
                    + " start Docker, or unset NAMELOG_TEST_POSTGRES to use the embedded server");
        }
        PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:" + major)
                .withCommand("postgres", "-c", "max_connections=300", "-c", "fsync=off");
        container.start();
        return PostgresServer.of(container.getHost(), container.getMappedPort(5432), container.getUsername(),
                container.getPassword(), "Testcontainers postgres:" + major, container::stop);
    }
}
