package dev.resiliency.redis.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.resiliency.BackendUnavailableException;
import dev.resiliency.RateLimitedException;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.redis.support.TestRedis;
import dev.resiliency.spring.registry.RateLimiterRegistry;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Redis stopped mid-load: calls go on under the local fallback (or are rejected where configured so), health and
 * meters show it, and cluster mode resumes once Redis is back.
 */
class RedisOutageTest {

    private static TestRedis redis;
    private static final Downstream downstream = new Downstream();
    private static ConfigurableApplicationContext pod;

    @BeforeAll
    static void start() {
        redis = TestRedis.launch();
        downstream.open();
        pod = PodApplication.start(redis, downstream);
    }

    @AfterAll
    static void stop() {
        if (pod != null) {
            pod.close();
        }
        redis.close();
    }

    @Test
    void callsContinueUnderTheLocalFallbackWhileRedisIsDownAndClusterModeResumesAfterItsRestart() throws Exception {
        Catalog catalog = pod.getBean(Catalog.class);
        RateLimiter quota = pod.getBean(RateLimiterRegistry.class).instance("inventory-api");
        AtomicLong granted = new AtomicLong();
        AtomicReference<Throwable> unexpected = new AtomicReference<>();
        ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
        try {
            load.scheduleAtFixedRate(() -> {
                try {
                    catalog.callInventoryApi();
                    granted.incrementAndGet();
                } catch (RateLimitedException expected) {
                    // over the quota
                } catch (Throwable other) {
                    unexpected.compareAndSet(null, other);
                }
            }, 0, 5, TimeUnit.MILLISECONDS);

            // cluster mode: Redis decides
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> granted.get() >= 20);
            assertThat(health().getDetails()).containsEntry("redis", "available");
            assertThat(mode("inventory-api")).isEqualTo("cluster");
            assertThat(catalog.callPaymentsApi()).isTrue();
            assertThat(quota.backendFallbacks()).isZero();

            redis.stop();

            // the local bucket decides; nothing but rate limiting reaches the callers
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "unreachable".equals(health().getDetails().get("redis")));
            assertThat(health().getStatus()).isEqualTo(Status.UP);
            assertThat(mode("inventory-api")).isEqualTo("local-fallback");
            assertThat(mode("payments-api")).isEqualTo("rejecting");
            long grantedWhenDown = granted.get();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> granted.get() >= grantedWhenDown + 50);
            assertThat(fallbacksMeter("inventory-api")).isGreaterThan(0.0);
            assertThat(meter("resiliency.backend.available")).isZero();
            assertThatThrownBy(catalog::callPaymentsApi).isInstanceOf(BackendUnavailableException.class);
            assertThat(catalog.product("sku-1")).isEqualTo("product sku-1"); // single flight runs locally

            redis.start();

            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> "available".equals(health().getDetails().get("redis")));
            assertThat(mode("inventory-api")).isEqualTo("cluster");
            long fallbacksAfter = quota.backendFallbacks();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> granted.get() >= grantedWhenDown + 150);
            assertThat(quota.backendFallbacks()).isEqualTo(fallbacksAfter); // Redis decides again
            assertThat(new StringRedisTemplate(pod.getBean(org.springframework.data.redis.connection.RedisConnectionFactory.class))
                    .hasKey("pods:rl:inventory-api")).isTrue();
            assertThat(catalog.callPaymentsApi()).isTrue();
            assertThat(meter("resiliency.backend.available")).isEqualTo(1.0);
            assertThat(meter("resiliency.backend.outages")).isEqualTo(1.0);
            assertThat(unexpected.get()).isNull();
        } finally {
            load.shutdownNow();
            load.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static Health health() {
        return pod.getBean("resiliencyRedisHealthIndicator", HealthIndicator.class).health();
    }

    @SuppressWarnings("unchecked")
    private static String mode(String rateLimiter) {
        Map<String, Object> limiters = (Map<String, Object>) health().getDetails().get("rateLimiters");
        return (String) ((Map<String, Object>) limiters.get(rateLimiter)).get("mode");
    }

    private static double fallbacksMeter(String name) {
        return pod.getBean(MeterRegistry.class).get("resiliency.backend.fallbacks").tag("name", name)
                .tag("kind", "rate-limiter").functionCounter().count();
    }

    private static double meter(String name) {
        MeterRegistry registry = pod.getBean(MeterRegistry.class);
        return registry.get(name).meter().measure().iterator().next().getValue();
    }
}
