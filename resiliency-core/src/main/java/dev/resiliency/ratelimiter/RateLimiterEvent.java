package dev.resiliency.ratelimiter;

import java.time.Duration;

/**
 * What a {@link RateLimiter} publishes to the listeners registered through {@link RateLimiter#events()}, on the
 * caller's thread (for an async call that waited, the {@link dev.resiliency.Scheduler}'s thread).
 */
public sealed interface RateLimiterEvent {

    /** The rate limiter's name. */
    String name();

    /** A call took {@code weight} tokens and is about to run (after its wait, if it had to wait). */
    record Permitted(String name, int weight) implements RateLimiterEvent {
    }

    /** A call was refused; {@code retryAfter} is how long until {@code weight} tokens would be there. */
    record Rejected(String name, int weight, Duration retryAfter) implements RateLimiterEvent {
    }
}
