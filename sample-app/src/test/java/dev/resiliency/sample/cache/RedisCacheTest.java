package dev.resiliency.sample.cache;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.sample.support.Concurrently;
import dev.resiliency.sample.support.Concurrently.Outcome;
import dev.resiliency.sample.support.WireMockDownstream;
import dev.resiliency.sample.support.WireMockTest;
import dev.resiliency.sample.user.UserProfile;
import dev.resiliency.sample.user.UserProfileService;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.cache.CacheManager;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.cache.RedisCacheManager;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With {@code spring.data.redis.*} set, user profiles are cached in Redis, as JSON, for 5 minutes. */
@Import(RedisSupport.Container.class)
class RedisCacheTest extends WireMockTest {

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        RedisSupport.register(registry);
    }

    @Autowired
    UserProfileService users;

    @Autowired
    CacheManager caches;

    @Autowired
    StringRedisTemplate redis;

    @BeforeEach
    void emptyTheCache() {
        this.caches.getCache(CacheNames.USERS).invalidate(); // clear() may be deferred; invalidate() is immediate
    }

    @Test
    void theCacheIsRedis() {
        assertThat(this.caches).isInstanceOf(RedisCacheManager.class);
    }

    @Test
    void aProfileIsStoredInRedisAndServedFromIt() {
        stubUser(201);

        assertThat(this.users.get(201)).isEqualTo(new UserProfile(201, "User 201", "user201@example.com"));

        String key = "resiliency-sample:users::201";
        assertThat(this.redis.opsForValue().get(key)).contains("\"name\":\"User 201\"");
        assertThat(this.redis.getExpire(key)).isBetween(1L, 300L);
        assertThat(this.users.get(201).name()).isEqualTo("User 201");
        assertThat(this.users.get(201).name()).isEqualTo("User 201");
        assertThat(requests(201)).as("later calls are served from Redis").isEqualTo(1);
    }

    @Test
    void aProfileInRedisIsServedWithoutCallingTheUserService() {
        this.redis.opsForValue().set("resiliency-sample:users::202",
                "{\"id\":202,\"name\":\"From Redis\",\"email\":\"redis@example.com\"}");

        assertThat(this.users.get(202).name()).isEqualTo("From Redis");
        assertThat(requests(202)).isZero();
    }

    @Test
    void fiftyConcurrentMissesMakeOneRequest() throws Exception {
        wiremock.stubFor(get("/users/203").willReturn(okJson(profile(203)).withFixedDelay(300)));

        List<Outcome<UserProfile>> outcomes = Concurrently.run(50, () -> this.users.get(203));

        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.value().id()).isEqualTo(203));
        assertThat(requests(203)).isEqualTo(1);
    }

    static void stubUser(long id) {
        wiremock.stubFor(get("/users/" + id).willReturn(okJson(profile(id))));
    }

    static String profile(long id) {
        return "{\"id\":" + id + ",\"name\":\"User " + id + "\",\"email\":\"user" + id + "@example.com\"}";
    }

    static int requests(long id) {
        return WireMockDownstream.count(getRequestedFor(urlPathEqualTo("/users/" + id)));
    }
}
