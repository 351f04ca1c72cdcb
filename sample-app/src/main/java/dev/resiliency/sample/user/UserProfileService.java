package dev.resiliency.sample.user;

import dev.resiliency.sample.cache.CacheNames;
import dev.resiliency.sample.cache.CachePeek;
import dev.resiliency.sample.downstream.Downstream;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.stereotype.Service;

/**
 * The guide's "SingleFlight + Retry" pattern, behind a cache: a cache hit returns at once; on a miss, concurrent
 * callers for the same user share ONE fetch ({@code @SingleFlight}, key {@code user:<id>}), and that fetch retries
 * transient errors (timeout, connection lost, 503) up to 3 attempts with exponential backoff from 50 ms to 1 s.
 * 100 concurrent misses make 1 retry loop of at most 3 requests, never 100 loops.
 *
 * <p>The cache ({@code users}, 5 minutes) is checked before any resilience layer: the caching advisor is ordered
 * outside the resiliency advisor ({@code CacheConfiguration}). It is Caffeine by default, Redis when
 * {@code spring.data.redis.*} is set; a cache that fails only costs a trip to the user service. The flight's
 * leader looks in the cache once more before calling ({@link CachePeek}): a caller that missed the cache just before
 * the previous flight stored its value then costs no second call.
 */
@Service
public class UserProfileService {

    /** The route name of the user service in counts and errors. */
    public static final String ROUTE = "users";

    private final Downstream downstream;
    private final CachePeek cache;

    public UserProfileService(Downstream downstream, CachePeek cache) {
        this.downstream = downstream;
        this.cache = cache;
    }

    /**
     * Loads a user profile.
     *
     * @throws dev.resiliency.sample.downstream.NotFoundException no such user (never retried, never cached)
     */
    @Cacheable(cacheNames = CacheNames.USERS, key = "#id")
    @SingleFlight(value = "user-profile", key = "'user:' + #id")
    @Retry("user-profile")
    public UserProfile get(long id) {
        UserProfile stored = this.cache.get(CacheNames.USERS, id, UserProfile.class); // a flight that just landed
        if (stored != null) {
            return stored;
        }
        return this.downstream.get(ROUTE, "/users/{id}", UserProfile.class, id);
    }
}
