package dev.resiliency.circuitbreaker;

/**
 * How a {@link CircuitBreaker} keeps the outcomes it rates while closed.
 *
 * <ul>
 *   <li>{@link #COUNT} (the default): the last {@code windowSize} recorded calls.</li>
 *   <li>{@link #TIME}: the calls recorded in the last {@code windowSize} seconds, in one-second buckets.</li>
 * </ul>
 */
public enum SlidingWindowType {
    /** The last {@code windowSize} recorded outcomes (a ring buffer). */
    COUNT,
    /** The outcomes recorded during the last {@code windowSize} seconds of the breaker's ticker. */
    TIME
}
