package org.namelog.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import javax.sql.DataSource;
import org.namelog.dao.NameLogDao;
import org.namelog.dao.fleet.FlagSourceConfig;
import org.namelog.dao.fleet.InstanceIdentity;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * The NameLog DAO for a Spring Boot application: over the application's {@link DataSource},
 * reporting to its {@link MeterRegistry}, switched by the fleet's phase in the database, with the
 * instance's heartbeat for the migration tool's gate. With Actuator, a {@code namelog} health
 * contributor and info contributor.
 *
 * <p>Nothing here changes the schema or the phase: only {@code namelog-migrate} does.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration"})
@ConditionalOnClass(NameLogDao.class)
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnProperty(prefix = "namelog", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(NameLogProperties.class)
public class NameLogAutoConfiguration {

    /** Who this instance is in the fleet's heartbeat table (a read pin source may target it). */
    @Bean
    @ConditionalOnMissingBean
    public InstanceIdentity nameLogInstanceIdentity(NameLogProperties properties, Environment environment) {
        return identity(properties, environment);
    }

    /** Follows the phase and beats until the context closes (then its heartbeat row is removed). */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public FleetMembership nameLogFleetMembership(DataSource dataSource, NameLogProperties properties,
            InstanceIdentity identity, ObjectProvider<NameLogReadPinSource> readPinSource) {
        FlagSourceConfig config = new FlagSourceConfig(properties.getPollInterval(), properties.getLease() != null
                ? properties.getLease() : FlagSourceConfig.defaultLease(properties.getPollInterval()),
                properties.getReadPin());
        NameLogReadPinSource pins = readPinSource.getIfAvailable();
        if (pins != null) {
            config = config.withReadPinSource(pins);
        }
        return FleetMembership.start(dataSource, config, identity);
    }

    @Bean
    @ConfigurationPropertiesBinding
    static ReadPinConverter namelogReadPinConverter() {
        return new ReadPinConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    public NameLogDao nameLogDao(DataSource dataSource, FleetMembership fleet, NameLogProperties properties,
            ObjectProvider<MeterRegistry> registry) {
        return NameLogDao.create(dataSource, fleet.flagSource(), registry.getIfAvailable(SimpleMeterRegistry::new),
                properties.getDao().toConfig());
    }

    static InstanceIdentity identity(NameLogProperties properties, Environment environment) {
        String service = StringUtils.hasText(properties.getService()) ? properties.getService()
                : environment.getProperty("spring.application.name", "application");
        String host = StringUtils.hasText(properties.getHost()) ? properties.getHost() : localHost();
        String instanceId = StringUtils.hasText(properties.getInstanceId()) ? properties.getInstanceId()
                : service + "-" + host + "-" + UUID.randomUUID().toString().substring(0, 8);
        return new InstanceIdentity(instanceId, service, host);
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"org.springframework.boot.actuate.health.HealthIndicator",
            "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator"})
    static class ActuatorConfiguration {

        // the bean's name makes the contributor's: "namelog" in /actuator/health
        @Bean
        @ConditionalOnMissingBean(name = "namelogHealthIndicator")
        @ConditionalOnEnabledHealthIndicator("namelog")
        NameLogHealthIndicator namelogHealthIndicator(FleetMembership fleet) {
            return new NameLogHealthIndicator(fleet);
        }

        @Bean
        @ConditionalOnMissingBean(name = "namelogInfoContributor")
        @ConditionalOnEnabledInfoContributor("namelog")
        InfoContributor namelogInfoContributor(FleetMembership fleet) {
            return new NameLogInfoContributor(fleet);
        }
    }
}
