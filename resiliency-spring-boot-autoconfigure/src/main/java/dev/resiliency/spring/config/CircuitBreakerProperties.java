package dev.resiliency.spring.config;

import java.time.Duration;
import java.util.List;

/**
 * One circuit breaker, {@code resiliency.circuit-breaker.<name>.*}. Every option left unset is inherited from the
 * {@code default} instance, then takes the built-in default stated by the {@code DEFAULT_*} constant beside it.
 */
public class CircuitBreakerProperties {

    /** Built-in {@code sliding-window-type}. */
    public static final String DEFAULT_SLIDING_WINDOW_TYPE = "count";
    /** Built-in {@code window-size}. */
    public static final int DEFAULT_WINDOW_SIZE = 100;
    /** Built-in {@code minimum-calls}. */
    public static final int DEFAULT_MINIMUM_CALLS = 10;
    /** Built-in {@code failure-rate-threshold}. */
    public static final double DEFAULT_FAILURE_RATE_THRESHOLD = 0.5;
    /** Built-in {@code slow-call-rate-threshold}. */
    public static final double DEFAULT_SLOW_CALL_RATE_THRESHOLD = 1.0;
    /** Built-in {@code open-timeout}. */
    public static final Duration DEFAULT_OPEN_TIMEOUT = Duration.ofSeconds(60);
    /** Built-in {@code permitted-calls-in-half-open}. */
    public static final int DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN = 1;
    /** Built-in {@code health-affects-status}. */
    public static final boolean DEFAULT_HEALTH_AFFECTS_STATUS = false;

    /**
     * How the window counts: {@code count} (the last {@code window-size} calls) or {@code time} (the calls of the
     * last {@code window-size} seconds). Default: count.
     */
    private String slidingWindowType;

    /** Size of the sliding window: calls (count window) or seconds (time window). Default: 100. */
    private Integer windowSize;

    /** Calls the window must hold before the failure rate is evaluated. Default: 10. */
    private Integer minimumCalls;

    /** Failure rate (0.0 to 1.0) at or above which the circuit opens. Default: 0.5. */
    private Double failureRateThreshold;

    /** Duration at or above which a call counts as slow. Default: none (no call is slow). */
    private Duration slowCallThreshold;

    /** Slow-call rate (0.0 to 1.0) at or above which the circuit opens. Default: 1.0. */
    private Double slowCallRateThreshold;

    /** How long the circuit stays open before letting probe calls through. Default: 60s. */
    private Duration openTimeout;

    /** Probe calls let through while half-open; all are evaluated together. Default: 1. */
    private Integer permittedCallsInHalfOpen;

    /**
     * Exception classes (and their subclasses) that count as failures. Default: empty, every exception counts.
     */
    private List<String> recordExceptions;

    /**
     * Exception classes (and their subclasses) that count as neither success nor failure. Default: empty.
     */
    private List<String> ignoreExceptions;

    /**
     * Whether an open circuit turns the application's health DOWN. Default: false, an open circuit only shows in
     * the health details (a downstream outage must not make an orchestrator restart healthy instances).
     */
    private Boolean healthAffectsStatus;

    public String getSlidingWindowType() {
        return this.slidingWindowType;
    }

    public void setSlidingWindowType(String slidingWindowType) {
        this.slidingWindowType = slidingWindowType;
    }

    public Integer getWindowSize() {
        return this.windowSize;
    }

    public void setWindowSize(Integer windowSize) {
        this.windowSize = windowSize;
    }

    public Integer getMinimumCalls() {
        return this.minimumCalls;
    }

    public void setMinimumCalls(Integer minimumCalls) {
        this.minimumCalls = minimumCalls;
    }

    public Double getFailureRateThreshold() {
        return this.failureRateThreshold;
    }

    public void setFailureRateThreshold(Double failureRateThreshold) {
        this.failureRateThreshold = failureRateThreshold;
    }

    public Duration getSlowCallThreshold() {
        return this.slowCallThreshold;
    }

    public void setSlowCallThreshold(Duration slowCallThreshold) {
        this.slowCallThreshold = slowCallThreshold;
    }

    public Double getSlowCallRateThreshold() {
        return this.slowCallRateThreshold;
    }

    public void setSlowCallRateThreshold(Double slowCallRateThreshold) {
        this.slowCallRateThreshold = slowCallRateThreshold;
    }

    public Duration getOpenTimeout() {
        return this.openTimeout;
    }

    public void setOpenTimeout(Duration openTimeout) {
        this.openTimeout = openTimeout;
    }

    public Integer getPermittedCallsInHalfOpen() {
        return this.permittedCallsInHalfOpen;
    }

    public void setPermittedCallsInHalfOpen(Integer permittedCallsInHalfOpen) {
        this.permittedCallsInHalfOpen = permittedCallsInHalfOpen;
    }

    public List<String> getRecordExceptions() {
        return this.recordExceptions;
    }

    public void setRecordExceptions(List<String> recordExceptions) {
        this.recordExceptions = recordExceptions;
    }

    public List<String> getIgnoreExceptions() {
        return this.ignoreExceptions;
    }

    public void setIgnoreExceptions(List<String> ignoreExceptions) {
        this.ignoreExceptions = ignoreExceptions;
    }

    public Boolean getHealthAffectsStatus() {
        return this.healthAffectsStatus;
    }

    public void setHealthAffectsStatus(Boolean healthAffectsStatus) {
        this.healthAffectsStatus = healthAffectsStatus;
    }
}
