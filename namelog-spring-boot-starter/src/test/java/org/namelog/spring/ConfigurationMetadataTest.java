package org.namelog.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** IDEs complete namelog.* from the metadata the configuration processor generates at build time. */
class ConfigurationMetadataTest {

    @Test
    void theJarShipsMetadataForEveryNamelogProperty() throws IOException {
        String metadata;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("META-INF/spring-configuration-metadata.json").isNotNull();
            metadata = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(metadata).contains("\"namelog.poll-interval\"", "\"namelog.instance-ttl\"", "\"namelog.read-pin\"",
                "\"namelog.service\"", "\"namelog.instance-id\"", "\"namelog.enabled\"",
                "\"namelog.dao.name-cache-max-size\"", "\"namelog.dao.retry-max-attempts\"")
                .contains("How often the fleet's phase is read and the heartbeat written.");
    }
}
