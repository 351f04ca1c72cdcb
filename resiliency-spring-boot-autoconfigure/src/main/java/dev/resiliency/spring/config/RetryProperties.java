package dev.resiliency.spring.config;

import java.time.Duration;
import java.util.List;

/**
 * One retry policy, {@code resiliency.retry.<name>.*}. Every option left unset is inherited from the
 * {@code default} instance, then takes the built-in default stated by the {@code DEFAULT_*} constant beside it.
 */
public class RetryProperties {

    /** Built-in {@code max-attempts}. */
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** Built-in {@code backoff}. */
    public static final String DEFAULT_BACKOFF = "exponential";
    /** Built-in {@code base-delay}. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(100);
    /** Built-in {@code max-delay}. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(5);
    /** Built-in {@code multiplier}. */
    public static final double DEFAULT_MULTIPLIER = 2.0;
    /** Built-in {@code increment}. */
    public static final Duration DEFAULT_INCREMENT = Duration.ofMillis(100);
    /** Built-in {@code jitter}. */
    public static final double DEFAULT_JITTER = 0.0;

    /** Total attempts, the first one included. Default: 3. */
    private Integer maxAttempts;

    /**
     * Delay strategy between attempts: {@code exponential} (base-delay × multiplier^n), {@code linear}
     * (base-delay + n × increment) or {@code constant} (base-delay). Default: exponential.
     */
    private String backoff;

    /** The first delay. Default: 100ms. */
    private Duration baseDelay;

    /** Cap applied to every delay. Default: 5s. */
    private Duration maxDelay;

    /** Growth factor of the exponential backoff (at least 1.0). Default: 2.0. */
    private Double multiplier;

    /** Step added per retry by the linear backoff. Default: 100ms. */
    private Duration increment;

    /** Random spread of each delay as a proportion (0.0 to 1.0): 0.25 means ±25%. Default: 0.0 (none). */
    private Double jitter;

    /**
     * Total time allowed for all attempts and delays; no retry starts whose delay would end past it. Default: none.
     */
    private Duration budget;

    /** Exception classes (and their subclasses) that are retried. Default: empty, every exception is retried. */
    private List<String> retryExceptions;

    /** Exception classes (and their subclasses) that are never retried, even when listed in retry-exceptions. */
    private List<String> ignoreExceptions;

    public Integer getMaxAttempts() {
        return this.maxAttempts;
    }

    public void setMaxAttempts(Integer maxAttempts) {
        this.maxAttempts = maxAttempts;
    }

    public String getBackoff() {
        return this.backoff;
    }

    public void setBackoff(String backoff) {
        this.backoff = backoff;
    }

    public Duration getBaseDelay() {
        return this.baseDelay;
    }

    public void setBaseDelay(Duration baseDelay) {
        this.baseDelay = baseDelay;
    }

    public Duration getMaxDelay() {
        return this.maxDelay;
    }

    public void setMaxDelay(Duration maxDelay) {
        this.maxDelay = maxDelay;
    }

    public Double getMultiplier() {
        return this.multiplier;
    }

    public void setMultiplier(Double multiplier) {
        this.multiplier = multiplier;
    }

    public Duration getIncrement() {
        return this.increment;
    }

    public void setIncrement(Duration increment) {
        this.increment = increment;
    }

    public Double getJitter() {
        return this.jitter;
    }

    public void setJitter(Double jitter) {
        this.jitter = jitter;
    }

    public Duration getBudget() {
        return this.budget;
    }

    public void setBudget(Duration budget) {
        this.budget = budget;
    }

    public List<String> getRetryExceptions() {
        return this.retryExceptions;
    }

    public void setRetryExceptions(List<String> retryExceptions) {
        this.retryExceptions = retryExceptions;
    }

    public List<String> getIgnoreExceptions() {
        return this.ignoreExceptions;
    }

    public void setIgnoreExceptions(List<String> ignoreExceptions) {
        this.ignoreExceptions = ignoreExceptions;
    }
}
