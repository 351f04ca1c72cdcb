package dev.resiliency.redis;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** One test per rule of {@link RedisResiliency.Builder}. */
class RedisResiliencyBuilderTest {

    private final RedisResiliency.Builder builder = RedisResiliency.builder(new LettuceConnectionFactory());

    @Test
    void leaseTimeMustBePositive() {
        assertThatThrownBy(() -> builder.leaseTime(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("leaseTime must be > 0, got: PT0S");
    }

    @Test
    void leaseTimeMustBeAtLeastOneMillisecond() {
        assertThatThrownBy(() -> builder.leaseTime(Duration.ofNanos(10)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("leaseTime must be at least 1ms");
    }

    @Test
    void waitTimeoutMustBePositive() {
        assertThatThrownBy(() -> builder.waitTimeout(Duration.ofSeconds(-1)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("waitTimeout must be > 0, got: PT-1S");
    }

    @Test
    void probeIntervalMustBePositive() {
        assertThatThrownBy(() -> builder.probeInterval(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessage("probeInterval must be > 0, got: PT0S");
    }

    @Test
    void jedisIsRefusedBecauseItsSubscriptionsAreNotConfirmed() {
        assertThatThrownBy(() -> RedisResiliency.builder(mock(JedisStubConnectionFactory.class)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs Lettuce");
    }

    @Test
    void nullsAreRefusedNamingTheArgument() {
        assertThatThrownBy(() -> RedisResiliency.builder(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("connectionFactory must not be null");
        assertThatThrownBy(() -> builder.keyPrefix(null)).hasMessage("keyPrefix must not be null");
        assertThatThrownBy(() -> builder.leaseTime(null)).hasMessage("leaseTime must not be null");
        assertThatThrownBy(() -> builder.waitTimeout(null)).hasMessage("waitTimeout must not be null");
        assertThatThrownBy(() -> builder.probeInterval(null)).hasMessage("probeInterval must not be null");
        assertThatThrownBy(() -> builder.serializer(null)).hasMessage("serializer must not be null");
        assertThatThrownBy(() -> builder.keyMapper(null)).hasMessage("keyMapper must not be null");
        assertThatThrownBy(() -> builder.executor(null)).hasMessage("executor must not be null");
    }

    /** Stands for Spring Data Redis' JedisConnectionFactory (Jedis itself is not on the test classpath). */
    abstract static class JedisStubConnectionFactory implements RedisConnectionFactory {
    }
}
