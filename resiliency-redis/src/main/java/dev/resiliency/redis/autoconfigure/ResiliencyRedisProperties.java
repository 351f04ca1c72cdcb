package dev.resiliency.redis.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The Redis backend of rate limiters and single-flight groups configured with {@code backend: redis},
 * {@code resiliency.redis.*}. The connection itself is Spring Boot's ({@code spring.data.redis.*}); give it a short
 * {@code spring.data.redis.timeout} (say 500ms): it is how long a call waits for Redis before falling back.
 */
@ConfigurationProperties(ResiliencyRedisProperties.PREFIX)
public class ResiliencyRedisProperties {

    /** The prefix of these properties. */
    public static final String PREFIX = "resiliency.redis";

    /**
     * Prepended to every Redis key and channel. Instances of the same name share state across every application
     * using the same prefix on the same Redis: give each application its own.
     */
    private String keyPrefix = "resiliency:";

    /**
     * How long a single-flight lease lasts without renewal: how soon a caller elsewhere takes over a flight whose
     * process died. Renewed every third of it while the call runs.
     */
    private Duration leaseTime = Duration.ofSeconds(10);

    /** The longest a caller waits for a single flight running in another process, then it times out. */
    private Duration waitTimeout = Duration.ofSeconds(30);

    /** How often Redis is tried again while it is unreachable. */
    private Duration probeInterval = Duration.ofSeconds(1);

    public String getKeyPrefix() {
        return this.keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
        this.keyPrefix = keyPrefix;
    }

    public Duration getLeaseTime() {
        return this.leaseTime;
    }

    public void setLeaseTime(Duration leaseTime) {
        this.leaseTime = leaseTime;
    }

    public Duration getWaitTimeout() {
        return this.waitTimeout;
    }

    public void setWaitTimeout(Duration waitTimeout) {
        this.waitTimeout = waitTimeout;
    }

    public Duration getProbeInterval() {
        return this.probeInterval;
    }

    public void setProbeInterval(Duration probeInterval) {
        this.probeInterval = probeInterval;
    }
}
