package dev.resiliency;

import java.time.Duration;

/**
 * Thrown when a rate limiter lacks the tokens a call needs. {@link #retryAfter()} is the earliest time after
 * which the same call could succeed if no one else took tokens meanwhile; treat it as a minimum and add jitter.
 */
public class RateLimitedException extends ResiliencyException {

    private static final long serialVersionUID = 1L;

    private final transient Duration retryAfter;

    public RateLimitedException(String instanceName, Duration retryAfter) {
        super(instanceName, "Rate limiter '" + instanceName + "' rejected the call; retry after " + retryAfter.toMillis() + " ms");
        this.retryAfter = retryAfter;
    }

    /** How long to wait before the same call could be permitted; at least one millisecond. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
