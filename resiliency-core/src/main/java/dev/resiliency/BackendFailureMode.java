package dev.resiliency;

/**
 * What a primitive with a shared state backend (a {@link dev.resiliency.ratelimiter.RateLimiterBackend} or a
 * {@link dev.resiliency.singleflight.FlightBackend}, e.g. on Redis) does while that backend is unreachable.
 */
public enum BackendFailureMode {

    /**
     * The default: decide locally, as if no backend were configured (a per-process token bucket, a per-process
     * flight), and go back to the backend as soon as it is reachable again. Availability wins over exactness: with
     * N processes a rate limiter grants up to N times its rate while the backend is down.
     */
    LOCAL,

    /**
     * Refuse the call with {@link BackendUnavailableException} until the backend is reachable again: exactness wins
     * over availability.
     */
    REJECT
}
