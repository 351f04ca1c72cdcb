package dev.resiliency.ratelimiter;

/**
 * Where a {@link RateLimiter} keeps its token bucket when several processes must share it (one quota for a whole
 * cluster): set with {@link RateLimiter.Builder#backend(RateLimiterBackend)}. Without a backend the bucket is local to
 * the instance, which is the default and the fastest.
 *
 * <p>The backend is asked once, when the rate limiter is built, for the {@link SharedBucket} of that rate limiter.
 * Implementations live outside the core (for example {@code resiliency-redis}); the core depends on none of them.
 */
@FunctionalInterface
public interface RateLimiterBackend {

    /**
     * The bucket shared by every rate limiter of that name on this backend. Called once per rate limiter, by
     * {@link RateLimiter.Builder#build()}.
     *
     * @param name      the rate limiter's name; rate limiters of the same name share one bucket
     * @param rate      tokens added per second, {@code > 0}
     * @param burstSize the bucket's capacity and initial content, {@code >= 1}
     */
    SharedBucket bucket(String name, double rate, int burstSize);
}
