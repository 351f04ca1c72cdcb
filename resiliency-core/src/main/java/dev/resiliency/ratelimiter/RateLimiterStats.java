package dev.resiliency.ratelimiter;

/**
 * A snapshot of a {@link RateLimiter}.
 *
 * @param availableTokens  tokens a call could take right now, refill included, fractional; 0 while tokens reserved
 *                         by waiting callers are still owed. Reading it changes nothing. With a reachable backend,
 *                         the shared bucket's
 * @param rate             the configured refill rate, tokens per second
 * @param burstSize        the bucket's capacity
 * @param permitted        calls (or {@code tryAcquire}/{@code acquire}) admitted since the limiter was built (cumulative)
 * @param rejected         calls refused for lack of tokens since the limiter was built (cumulative)
 * @param backendFallbacks calls decided without the backend because it was unreachable, locally or by rejecting them
 *                         (cumulative; always 0 without a backend)
 */
public record RateLimiterStats(double availableTokens, double rate, int burstSize, long permitted, long rejected,
        long backendFallbacks) {

    /** A snapshot of a rate limiter without a backend. */
    public RateLimiterStats(double availableTokens, double rate, int burstSize, long permitted, long rejected) {
        this(availableTokens, rate, burstSize, permitted, rejected, 0L);
    }
}
