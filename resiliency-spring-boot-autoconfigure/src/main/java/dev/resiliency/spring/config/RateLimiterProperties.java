package dev.resiliency.spring.config;

import java.time.Duration;

/**
 * One rate limiter (token bucket), {@code resiliency.rate-limiter.<name>.*}. Options left unset are inherited from
 * the {@code default} instance.
 *
 * <p>{@code rate} has no default: a rate limiter whose rate is set neither on its name nor on {@code default}
 * cannot be created, and an annotation naming one fails start-up with the missing property path.
 * {@code burst-size} defaults to one second's worth of tokens, {@code ceil(rate)}, at least 1.
 */
public class RateLimiterProperties {

    /** Built-in {@code backend}: the bucket lives in this instance. */
    public static final String DEFAULT_BACKEND = BackendOptions.LOCAL;

    /** Built-in {@code on-backend-failure}: decide locally while the backend is unreachable. */
    public static final String DEFAULT_ON_BACKEND_FAILURE = BackendOptions.LOCAL;

    /** Built-in {@code max-wait}: reject at once when the bucket lacks tokens. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ZERO;

    /** Tokens added per second (greater than 0). Required. */
    private Double rate;

    /** Capacity of the bucket, and its initial fill. Default: one second's worth, ceil(rate). */
    private Integer burstSize;

    /**
     * How long a call may wait for its tokens; the tokens are reserved at once when they will be there in time.
     * Default: 0 (reject at once).
     */
    private Duration maxWait;

    /**
     * Where the bucket lives: "local" (this instance) or "redis" (one bucket shared by every instance of this name
     * on the same Redis: a cluster-wide rate; needs resiliency-redis and Spring Data Redis). Default: local.
     */
    private String backend;

    /**
     * What calls do while the backend is unreachable: "local" (a per-instance bucket decides, so the cluster may
     * grant up to N times the rate) or "reject" (calls fail with BackendUnavailableException). Default: local.
     */
    private String onBackendFailure;

    /** The burst size used when none is configured: one second's worth of tokens, at least 1. */
    public static int defaultBurstSize(double rate) {
        return (int) Math.max(1L, Math.min(Integer.MAX_VALUE, (long) Math.ceil(rate)));
    }

    public Double getRate() {
        return this.rate;
    }

    public void setRate(Double rate) {
        this.rate = rate;
    }

    public Integer getBurstSize() {
        return this.burstSize;
    }

    public void setBurstSize(Integer burstSize) {
        this.burstSize = burstSize;
    }

    public Duration getMaxWait() {
        return this.maxWait;
    }

    public void setMaxWait(Duration maxWait) {
        this.maxWait = maxWait;
    }

    public String getBackend() {
        return this.backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }

    public String getOnBackendFailure() {
        return this.onBackendFailure;
    }

    public void setOnBackendFailure(String onBackendFailure) {
        this.onBackendFailure = onBackendFailure;
    }
}
