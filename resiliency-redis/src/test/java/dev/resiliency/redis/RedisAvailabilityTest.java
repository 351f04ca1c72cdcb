package dev.resiliency.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

class RedisAvailabilityTest {

    private final RedisConnectionFactory factory = mock(RedisConnectionFactory.class);
    private final RedisConnection connection = mock(RedisConnection.class);
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private final RedisAvailability availability = new RedisAvailability(factory, Duration.ofMillis(20), timers);

    @AfterEach
    void stop() {
        availability.close();
        timers.shutdownNow();
    }

    @Test
    void oneFailureMarksRedisDownOnceAndTellsTheListeners() {
        AtomicInteger told = new AtomicInteger();
        availability.onDown(told::incrementAndGet);
        when(factory.getConnection()).thenThrow(new RedisConnectionFailureException("refused"));
        RuntimeException failure = new RedisConnectionFailureException("timeout");

        availability.reportFailure(failure);
        availability.reportFailure(new RedisConnectionFailureException("again"));

        assertThat(availability.isAvailable()).isFalse();
        assertThat(availability.outages()).isEqualTo(1);
        assertThat(availability.downSince()).isNotNull();
        assertThat(told).hasValue(1);
    }

    @Test
    void aSuccessfulProbeMarksRedisUpAgain() {
        when(factory.getConnection()).thenThrow(new RedisConnectionFailureException("refused"))
                .thenThrow(new RedisConnectionFailureException("still refused")).thenReturn(connection);
        when(connection.ping()).thenReturn("PONG");

        availability.reportFailure(new RedisConnectionFailureException("timeout"));

        Awaitility.await().atMost(Duration.ofSeconds(5)).until(availability::isAvailable);
        assertThat(availability.downSince()).isNull();
        assertThat(availability.outages()).isEqualTo(1);
    }

    @Test
    void aClosedTrackerStopsReacting() {
        availability.close();

        availability.reportFailure(new RedisConnectionFailureException("late"));

        assertThat(availability.isAvailable()).isTrue();
        assertThat(availability.outages()).isZero();
    }

    @Test
    void theProbeIntervalMustBePositive() {
        assertThatThrownBy(() -> new RedisAvailability(factory, Duration.ZERO, timers))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("probeInterval must be > 0, got: PT0S");
    }
}
