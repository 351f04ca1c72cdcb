package dev.resiliency.sample.cache;

import static dev.resiliency.sample.cache.RedisCacheTest.requests;
import static dev.resiliency.sample.cache.RedisCacheTest.stubUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.sample.user.UserProfileService;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis stops while the application uses it: the cache served a profile, then Redis goes away, and requests go on
 * succeeding through the downstream at once (commands are rejected while disconnected, not queued until the
 * timeout).
 */
class RedisServerStopsTest extends WireMockTest {

    private static OwnRedis redis;

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) throws Exception {
        redis = OwnRedis.start();
        registry.add("spring.data.redis.host", redis::host);
        registry.add("spring.data.redis.port", redis::port);
        registry.add("spring.data.redis.timeout", () -> "2s");
        registry.add("spring.data.redis.connect-timeout", () -> "500ms");
    }

    @AfterAll
    static void stopRedis() throws InterruptedException {
        redis.stop();
    }

    @Autowired
    UserProfileService users;

    @Autowired
    LoggingCacheErrorHandler cacheErrors;

    @Test
    void requestsKeepSucceedingWhenRedisGoesAway() throws Exception {
        stubUser(401);
        this.users.get(401);
        this.users.get(401);
        assertThat(requests(401)).as("the second call came from Redis").isEqualTo(1);
        long errorsBefore = this.cacheErrors.errors();

        redis.stop();
        long start = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(this.users.get(401).name()).isEqualTo("User 401");
        }

        assertThat(requests(401)).as("every call after the outage reached the user service").isEqualTo(6);
        assertThat(this.cacheErrors.errors()).isGreaterThan(errorsBefore);
        // Five calls, each with a failed get and put: far below five command timeouts (2 s each).
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
