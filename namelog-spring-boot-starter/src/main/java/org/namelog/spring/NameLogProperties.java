package org.namelog.spring;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.namelog.dao.DaoConfig;
import org.namelog.dao.fleet.ReadPin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The {@code namelog.*} settings of an application that uses the NameLog DAO. Checked at start-up:
 * a wrong value stops the application with a message naming the property.
 */
@ConfigurationProperties(prefix = "namelog")
@Validated
public class NameLogProperties {

    /** Whether to create the NameLog DAO, the phase follower and the heartbeat. */
    private boolean enabled = true;

    /**
     * The service group this instance reports in the fleet's heartbeat table (what
     * "namelog-migrate instances" lists). Defaults to spring.application.name.
     */
    @Size(max = 200, message = "namelog.service must be at most 200 characters")
    private String service;

    /** This instance's id in the fleet, unique among all instances. Defaults to the service, host and a random suffix. */
    @Size(max = 200, message = "namelog.instance-id must be at most 200 characters")
    private String instanceId;

    /** The host this instance reports in its heartbeat. Defaults to the local host name. */
    @Size(max = 200, message = "namelog.host must be at most 200 characters")
    private String host;

    /** How often the fleet's phase is read and the heartbeat written. */
    @NotNull(message = "namelog.poll-interval must be set")
    @DurationMin(millis = 10, message = "namelog.poll-interval must be at least 10ms")
    private Duration pollInterval = Duration.ofSeconds(1);

    /**
     * How long this instance may serve after it last confirmed the phase (and wrote its heartbeat):
     * past it, every DAO call is refused until the phase is read again. At least twice the poll
     * interval; defaults to three poll intervals, and at least 3s.
     */
    @DurationMin(millis = 20, message = "namelog.lease must be at least 20ms")
    private Duration lease;

    /**
     * The instance TTL the migration tool uses (its --instance-ttl): an instance whose heartbeat is
     * older does not count. The poll interval must be at most a third of it.
     */
    @NotNull(message = "namelog.instance-ttl must be set")
    @DurationMin(millis = 30, message = "namelog.instance-ttl must be at least 30ms")
    private Duration instanceTtl = Duration.ofSeconds(10);

    /**
     * Holds this service's reads one step behind the fleet while that is correct: NONE, LEGACY or
     * SHADOW. Never allowed from NEW_ONLY on.
     */
    @NotNull(message = "namelog.read-pin must be one of NONE, LEGACY, SHADOW")
    private ReadPin readPin = ReadPin.NONE;

    /** Tuning of the DAO. */
    @Valid
    private final Dao dao = new Dao();

    /** Tuning of the DAO. */
    public static class Dao {

        /** Upper bound of the name cache, in heap bytes of the cached names. */
        @NotNull(message = "namelog.dao.name-cache-max-size must be set")
        private DataSize nameCacheMaxSize = DataSize.ofBytes(DaoConfig.defaults().nameCacheMaxBytes());

        /** Attempts per call for failures that are safe to retry (1 = no retry). */
        @Min(value = 1, message = "namelog.dao.retry-max-attempts must be at least 1")
        private int retryMaxAttempts = DaoConfig.defaults().retryMaxAttempts();

        /** The first backoff of a retry; it doubles per attempt, with jitter. */
        @NotNull(message = "namelog.dao.retry-initial-backoff must be set")
        @DurationMin(millis = 1, message = "namelog.dao.retry-initial-backoff must be positive")
        private Duration retryInitialBackoff = DaoConfig.defaults().retryInitialBackoff();

        /** How long the circuit breaker fails fast before it tries the database again. */
        @NotNull(message = "namelog.dao.breaker-open-duration must be set")
        @DurationMin(millis = 1, message = "namelog.dao.breaker-open-duration must be positive")
        private Duration breakerOpenDuration = DaoConfig.defaults().breakerOpenDuration();

        /** The largest limit a paged read accepts. */
        @Min(value = 1, message = "namelog.dao.max-page-size must be at least 1")
        private int maxPageSize = DaoConfig.defaults().maxPageSize();

        DaoConfig toConfig() {
            return new DaoConfig(nameCacheMaxSize.toBytes(), retryMaxAttempts, retryInitialBackoff,
                    breakerOpenDuration, maxPageSize);
        }

        public DataSize getNameCacheMaxSize() {
            return nameCacheMaxSize;
        }

        public void setNameCacheMaxSize(DataSize nameCacheMaxSize) {
            this.nameCacheMaxSize = nameCacheMaxSize;
        }

        public int getRetryMaxAttempts() {
            return retryMaxAttempts;
        }

        public void setRetryMaxAttempts(int retryMaxAttempts) {
            this.retryMaxAttempts = retryMaxAttempts;
        }

        public Duration getRetryInitialBackoff() {
            return retryInitialBackoff;
        }

        public void setRetryInitialBackoff(Duration retryInitialBackoff) {
            this.retryInitialBackoff = retryInitialBackoff;
        }

        public Duration getBreakerOpenDuration() {
            return breakerOpenDuration;
        }

        public void setBreakerOpenDuration(Duration breakerOpenDuration) {
            this.breakerOpenDuration = breakerOpenDuration;
        }

        public int getMaxPageSize() {
            return maxPageSize;
        }

        public void setMaxPageSize(int maxPageSize) {
            this.maxPageSize = maxPageSize;
        }
    }

    // a healthy instance must beat several times per TTL, or the tool would count it as gone
    @AssertTrue(message = "namelog.poll-interval must be at most a third of namelog.instance-ttl")
    boolean isPollIntervalWithinInstanceTtl() {
        return pollInterval == null || instanceTtl == null || pollInterval.multipliedBy(3).compareTo(instanceTtl) <= 0;
    }

    @AssertTrue(message = "namelog.lease must be at least twice namelog.poll-interval")
    boolean isLeaseAtLeastTwoPolls() {
        return lease == null || pollInterval == null || lease.compareTo(pollInterval.multipliedBy(2)) >= 0;
    }

    public Duration getLease() {
        return lease;
    }

    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getService() {
        return service;
    }

    public void setService(String service) {
        this.service = service;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public String getHost() {
        return host;
    }

    public void setHost(String host) {
        this.host = host;
    }

    public Duration getPollInterval() {
        return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getInstanceTtl() {
        return instanceTtl;
    }

    public void setInstanceTtl(Duration instanceTtl) {
        this.instanceTtl = instanceTtl;
    }

    public ReadPin getReadPin() {
        return readPin;
    }

    public void setReadPin(ReadPin readPin) {
        this.readPin = readPin;
    }

    public Dao getDao() {
        return dao;
    }
}
