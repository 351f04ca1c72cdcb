package dev.resiliency.sample.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static dev.resiliency.sample.cache.RedisCacheTest.profile;
import static dev.resiliency.sample.cache.RedisCacheTest.requests;
import static dev.resiliency.sample.cache.RedisCacheTest.stubUser;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.sample.support.Concurrently;
import dev.resiliency.sample.support.Concurrently.Outcome;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.sample.user.UserProfile;
import dev.resiliency.sample.user.UserProfileService;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Redis configured but down (nothing listens on its port): every cache operation fails, and every request still
 * succeeds, through the downstream, with the single flight still collapsing concurrent misses.
 */
class RedisOutageTest extends WireMockTest {

    @DynamicPropertySource
    static void redisDown(DynamicPropertyRegistry registry) throws IOException {
        int closed = RedisSupport.closedPort();
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> closed);
        registry.add("spring.data.redis.connect-timeout", () -> "500ms");
        registry.add("spring.data.redis.timeout", () -> "500ms");
    }

    @Autowired
    UserProfileService users;

    @Autowired
    CacheManager caches;

    @Autowired
    LoggingCacheErrorHandler cacheErrors;

    @Test
    void requestsSucceedThroughTheDownstreamWhileRedisIsDown() {
        assertThat(this.caches).isInstanceOf(RedisCacheManager.class);
        stubUser(301);
        long errorsBefore = this.cacheErrors.errors();
        long start = System.nanoTime();

        for (int i = 0; i < 3; i++) {
            assertThat(this.users.get(301)).isEqualTo(new UserProfile(301, "User 301", "user301@example.com"));
        }

        assertThat(requests(301)).as("no cache: every call reaches the user service").isEqualTo(3);
        assertThat(this.cacheErrors.errors() - errorsBefore).as("failed gets and puts, handled").isGreaterThanOrEqualTo(6);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void concurrentMissesStillShareOneCallWhileRedisIsDown() throws Exception {
        wiremock.stubFor(get("/users/302").willReturn(okJson(profile(302)).withFixedDelay(500)));

        List<Outcome<UserProfile>> outcomes = Concurrently.run(50, () -> this.users.get(302));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.value().id()).isEqualTo(302));
        // Without a cache a caller that arrives after the flight landed starts another one; 50 callers released
        // together all meet in the first.
        assertThat(requests(302)).isEqualTo(1);
    }
}
