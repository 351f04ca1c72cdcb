package dev.resiliency.redis.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resiliency.BackendFailureMode;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.redis.RedisResiliency;
import dev.resiliency.redis.support.TestRedis;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.spring.config.InvalidResiliencyPropertyException;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;

class ResiliencyRedisAutoConfigurationTest {

    private static TestRedis redis;

    @BeforeAll
    static void startRedis() {
        redis = TestRedis.launch();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
                        ResiliencyAutoConfiguration.class, ResiliencyRedisAutoConfiguration.class))
                .withPropertyValues("spring.data.redis.host=" + redis.host(),
                        "spring.data.redis.port=" + redis.port());
    }

    @Test
    void instancesWithBackendRedisShareStateThroughRedisAndTheOthersStayLocal() {
        runner().withPropertyValues("resiliency.rate-limiter.quota.rate=10",
                "resiliency.rate-limiter.quota.backend=redis",
                "resiliency.rate-limiter.local.rate=10",
                "resiliency.single-flight.products.backend=redis",
                "resiliency.single-flight.sessions.backend=local")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(RedisResiliency.class);
                    RateLimiterRegistry limiters = context.getBean(RateLimiterRegistry.class);
                    SingleFlightRegistry flights = context.getBean(SingleFlightRegistry.class);
                    RedisResiliency redisBackends = context.getBean(RedisResiliency.class);
                    assertThat(limiters.instance("quota").sharedBucket()).isPresent();
                    assertThat(limiters.instance("local").sharedBucket()).isEmpty();
                    assertThat(flights.instance("products").hasBackend()).isTrue();
                    assertThat(flights.instance("sessions").hasBackend()).isFalse();
                    assertThat(flights.instance("unconfigured").hasBackend()).isFalse();
                    assertThat(redisBackends.flightBackend().leaseTime()).isEqualTo(Duration.ofSeconds(10));
                    assertThat(redisBackends.flightBackend().waitTimeout()).isEqualTo(Duration.ofSeconds(30));
                });
    }

    @Test
    void backendAndFailureModeAreInheritedFromDefault() {
        runner().withPropertyValues("resiliency.rate-limiter.default.backend=redis",
                "resiliency.rate-limiter.default.on-backend-failure=reject",
                "resiliency.rate-limiter.default.rate=5",
                "resiliency.single-flight.default.backend=redis",
                "resiliency.single-flight.mine.backend=local")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RateLimiter lazy = context.getBean(RateLimiterRegistry.class).instance("anything");
                    assertThat(lazy.sharedBucket()).isPresent();
                    assertThat(lazy.onBackendFailure()).isEqualTo(BackendFailureMode.REJECT);
                    SingleFlightRegistry flights = context.getBean(SingleFlightRegistry.class);
                    assertThat(flights.instance("anything").hasBackend()).isTrue();
                    assertThat(flights.instance("mine").hasBackend()).isFalse();
                });
    }

    @Test
    void redisPropertiesConfigureTheBackends() {
        runner().withPropertyValues("resiliency.redis.lease-time=3s", "resiliency.redis.wait-timeout=7s",
                "resiliency.redis.key-prefix=orders:", "resiliency.rate-limiter.quota.rate=10",
                "resiliency.rate-limiter.quota.backend=redis")
                .run(context -> {
                    RedisResiliency backends = context.getBean(RedisResiliency.class);
                    assertThat(backends.flightBackend().leaseTime()).isEqualTo(Duration.ofSeconds(3));
                    assertThat(backends.flightBackend().waitTimeout()).isEqualTo(Duration.ofSeconds(7));
                    assertThat(backends.rateLimiterBackend().keyOf("quota")).isEqualTo("orders:rl:quota");
                });
    }

    @Test
    void anInvalidRedisPropertyFailsStartUpNamingIt() {
        runner().withPropertyValues("resiliency.redis.lease-time=0s").run(context -> assertThat(context)
                .hasFailed().getFailure().rootCause().hasMessageContaining("leaseTime must be > 0"));
    }

    @Test
    void customizersAdjustTheBuilder() {
        runner().withBean(RedisResiliencyBuilderCustomizer.class,
                () -> builder -> builder.waitTimeout(Duration.ofMillis(1234)))
                .run(context -> assertThat(context.getBean(RedisResiliency.class).flightBackend().waitTimeout())
                        .isEqualTo(Duration.ofMillis(1234)));
    }

    @Test
    void healthAndMetersAreContributed() {
        runner().run(context -> {
            assertThat(context).hasBean("resiliencyRedisHealthIndicator");
            assertThat(context).hasSingleBean(RedisBackendMeters.class);
            assertThat(context).hasSingleBean(RedisResiliencyLifecycle.class);
        });
    }

    @Test
    void withoutARedisConnectionFactoryNothingIsConfiguredAndBackendRedisFailsStartUp() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class,
                        ResiliencyRedisAutoConfiguration.class))
                .withPropertyValues("resiliency.single-flight.products.backend=redis")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(InvalidResiliencyPropertyException.class)
                            .hasMessageStartingWith("resiliency.single-flight.products.backend: 'redis' is not available");
                });
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ResiliencyAutoConfiguration.class,
                        ResiliencyRedisAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisResiliency.class));
    }

    @Test
    void resiliencyEnabledFalseTurnsItOff() {
        runner().withPropertyValues("resiliency.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(RedisResiliency.class));
    }

    @Test
    void anApplicationsOwnRedisResiliencyWins() {
        runner().withBean("mine", RedisResiliency.class,
                () -> RedisResiliency.builder(new org.springframework.data.redis.connection.lettuce
                        .LettuceConnectionFactory()).keyPrefix("mine:").build(), bd -> bd.setDestroyMethodName("close"))
                .withPropertyValues("resiliency.rate-limiter.quota.rate=10", "resiliency.rate-limiter.quota.backend=redis")
                .run(context -> {
                    assertThat(context).hasSingleBean(RedisResiliency.class);
                    assertThat(context.getBean(RedisResiliency.class).rateLimiterBackend().keyOf("quota"))
                            .isEqualTo("mine:rl:quota");
                });
    }

    @Test
    void singleFlightAndRateLimiterOnRedisWorkThroughTheRegistries() throws Exception {
        runner().withPropertyValues("resiliency.rate-limiter.quota.rate=0.001",
                "resiliency.rate-limiter.quota.burst-size=2", "resiliency.rate-limiter.quota.backend=redis",
                "resiliency.single-flight.products.backend=redis", "resiliency.redis.key-prefix=registry-test:")
                .run(context -> {
                    RateLimiter quota = context.getBean(RateLimiterRegistry.class).instance("quota");
                    quota.reset();
                    assertThat(quota.tryAcquire(2)).isTrue();
                    assertThat(quota.tryAcquire(1)).isFalse();
                    SingleFlight products = context.getBean(SingleFlightRegistry.class).instance("products");
                    assertThat(products.call("k", () -> "v")).isEqualTo("v");
                });
    }
}
