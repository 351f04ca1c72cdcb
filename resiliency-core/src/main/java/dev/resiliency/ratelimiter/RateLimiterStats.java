package dev.resiliency.ratelimiter;

/**
 * A snapshot of a {@link RateLimiter}.
 *
 * @param availableTokens tokens a call could take right now, refill included, fractional; 0 while tokens reserved
 *                        by waiting callers are still owed. Reading it changes nothing
 * @param rate            the configured refill rate, tokens per second
 * @param burstSize       the bucket's capacity
 * @param permitted       calls (or {@code tryAcquire}/{@code acquire}) admitted since the limiter was built (cumulative)
 * @param rejected        calls refused for lack of tokens since the limiter was built (cumulative)
 */
public record RateLimiterStats(double availableTokens, double rate, int burstSize, long permitted, long rejected) {
}
