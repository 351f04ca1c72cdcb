package dev.resiliency.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.Ticker;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Regression: a caller that stalls after reading the clock must not be rejected while tokens are plentiful. */
class RateLimiterStallTest {

    @Test
    void aCallerStalledAfterReadingTheClockIsNotFalselyRejected() {
        FakeTicker clock = new FakeTicker();
        AtomicBoolean stallNextRead = new AtomicBoolean();
        RateLimiter[] limiter = new RateLimiter[1];
        // The stalled reading: returns the time read before the stall, while meanwhile 5 s pass and other callers
        // take tokens (moving the bucket's state past the stale reading).
        Ticker stallingTicker = () -> {
            long before = clock.read();
            if (stallNextRead.compareAndSet(true, false)) {
                clock.advance(Duration.ofSeconds(5));
                for (int i = 0; i < 5; i++) {
                    assertThat(limiter[0].tryAcquire(1)).isTrue();
                }
            }
            return before;
        };
        limiter[0] = RateLimiter.builder("stall").rate(10).burstSize(10).ticker(stallingTicker).build();

        stallNextRead.set(true);

        assertThat(limiter[0].tryAcquire(1)).as("5 of 10 tokens are free").isTrue();
        assertThat(limiter[0].stats().permitted()).isEqualTo(6);
    }
}
