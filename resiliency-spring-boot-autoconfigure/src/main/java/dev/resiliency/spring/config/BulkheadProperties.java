package dev.resiliency.spring.config;

import java.time.Duration;

/**
 * One bulkhead, {@code resiliency.bulkhead.<name>.*}. Every option left unset is inherited from the
 * {@code default} instance, then takes the built-in default stated by the {@code DEFAULT_*} constant beside it.
 *
 * <p>The core engine requires {@code max-concurrent}; the starter defaults it to {@value #DEFAULT_MAX_CONCURRENT}
 * (as resilience4j does) so that an annotation naming an unconfigured bulkhead still gets a sensible limit.
 */
public class BulkheadProperties {

    /** Starter default of {@code max-concurrent} (the core engine has none). */
    public static final int DEFAULT_MAX_CONCURRENT = 25;
    /** Built-in {@code max-wait}: reject at once when full. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;
    /** Built-in {@code health-affects-status}. */
    public static final boolean DEFAULT_HEALTH_AFFECTS_STATUS = false;

    /** Calls allowed to run at once (0 rejects every call). Default: 25. */
    private Integer maxConcurrent;

    /** How long a call waits (FIFO) for a free slot before being rejected. Default: 0 (reject at once). */
    private Duration maxWait;

    /** Whether a full bulkhead turns the application's health DOWN. Default: false (details only). */
    private Boolean healthAffectsStatus;

    public Integer getMaxConcurrent() {
        return this.maxConcurrent;
    }

    public void setMaxConcurrent(Integer maxConcurrent) {
        this.maxConcurrent = maxConcurrent;
    }

    public Duration getMaxWait() {
        return this.maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }

    public Boolean getHealthAffectsStatus() {
        return this.healthAffectsStatus;
    }

    public void setHealthAffectsStatus(Boolean healthAffectsStatus) {
        this.healthAffectsStatus = healthAffectsStatus;
    }
}
