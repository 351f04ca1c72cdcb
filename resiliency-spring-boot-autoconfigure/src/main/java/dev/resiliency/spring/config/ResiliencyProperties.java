package dev.resiliency.spring.config;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration under {@code resiliency.*}: one map of named instances per kind.
 *
 * <p>In every map the reserved name {@value #DEFAULT_INSTANCE} holds the values that every other instance of that
 * kind inherits, field by field: an option a named instance leaves unset takes the {@code default} instance's
 * value, then the built-in default. Names that only an annotation mentions (never configured) get the
 * {@code default} instance's values too.
 *
 * <pre>{@code
 * resiliency:
 *   circuit-breaker:
 *     default: { minimum-calls: 20 }
 *     inventory: { failure-rate-threshold: 0.5, open-timeout: 30s }
 *   bulkhead:
 *     inventory: { max-concurrent: 15, max-wait: 3s }
 * }</pre>
 */
@ConfigurationProperties(ResiliencyProperties.PREFIX)
public class ResiliencyProperties {

    /** The prefix of every property. */
    public static final String PREFIX = "resiliency";

    /** The reserved instance name whose values every other instance of the same kind inherits. */
    public static final String DEFAULT_INSTANCE = "default";

    /**
     * Whether the integration is on. false removes the registries, the annotation advisor and everything
     * else this starter contributes.
     */
    private boolean enabled = true;

    /** Circuit breakers by name (the "default" instance is inherited by the others). */
    private Map<String, CircuitBreakerProperties> circuitBreaker = new LinkedHashMap<>();

    /** Retries by name (the "default" instance is inherited by the others). */
    private Map<String, RetryProperties> retry = new LinkedHashMap<>();

    /** Hedged-request policies by name (the "default" instance is inherited by the others). */
    private Map<String, HedgedProperties> hedged = new LinkedHashMap<>();

    /** Single-flight groups by name. */
    private Map<String, SingleFlightProperties> singleFlight = new LinkedHashMap<>();

    /** Bulkheads by name (the "default" instance is inherited by the others). */
    private Map<String, BulkheadProperties> bulkhead = new LinkedHashMap<>();

    /** Weighted semaphores by name (the "default" instance is inherited by the others). */
    private Map<String, WeightedSemaphoreProperties> weightedSemaphore = new LinkedHashMap<>();

    /** Rate limiters by name (the "default" instance is inherited by the others). */
    private Map<String, RateLimiterProperties> rateLimiter = new LinkedHashMap<>();

    public boolean isEnabled() {
        return this.enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public Map<String, CircuitBreakerProperties> getCircuitBreaker() {
        return this.circuitBreaker;
    }

    public void setCircuitBreaker(Map<String, CircuitBreakerProperties> circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    public Map<String, RetryProperties> getRetry() {
        return this.retry;
    }

    public void setRetry(Map<String, RetryProperties> retry) {
        this.retry = retry;
    }

    public Map<String, HedgedProperties> getHedged() {
        return this.hedged;
    }

    public void setHedged(Map<String, HedgedProperties> hedged) {
        this.hedged = hedged;
    }

    public Map<String, SingleFlightProperties> getSingleFlight() {
        return this.singleFlight;
    }

    public void setSingleFlight(Map<String, SingleFlightProperties> singleFlight) {
        this.singleFlight = singleFlight;
    }

    public Map<String, BulkheadProperties> getBulkhead() {
        return this.bulkhead;
    }

    public void setBulkhead(Map<String, BulkheadProperties> bulkhead) {
        this.bulkhead = bulkhead;
    }

    public Map<String, WeightedSemaphoreProperties> getWeightedSemaphore() {
        return this.weightedSemaphore;
    }

    public void setWeightedSemaphore(Map<String, WeightedSemaphoreProperties> weightedSemaphore) {
        this.weightedSemaphore = weightedSemaphore;
    }

    public Map<String, RateLimiterProperties> getRateLimiter() {
        return this.rateLimiter;
    }

    public void setRateLimiter(Map<String, RateLimiterProperties> rateLimiter) {
        this.rateLimiter = rateLimiter;
    }
}
