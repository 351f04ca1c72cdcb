package dev.resiliency.circuitbreaker;

import static dev.resiliency.circuitbreaker.Fixtures.fail;
import static dev.resiliency.circuitbreaker.Fixtures.succeed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.resiliency.circuitbreaker.CircuitBreaker.State;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TimeWindowTest {

    private final FakeTicker ticker = new FakeTicker();

    /** A 10-second window, minimum 4 calls, 50 %. */
    private CircuitBreaker.Builder breaker() {
        return CircuitBreaker.builder("cb").ticker(ticker).slidingWindowType(SlidingWindowType.TIME).windowSize(10)
                .minimumCalls(4);
    }

    @Test
    void opensWhenTheFailureRateOfTheLastSecondsReachesThreshold() throws Exception {
        CircuitBreaker cb = breaker().build();

        succeed(cb, 2);
        ticker.advance(Duration.ofSeconds(3));
        fail(cb, 1);
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        ticker.advance(Duration.ofSeconds(3));
        fail(cb, 1);

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void totalIsTheSumOfTheBucketsWithinTheWindow() throws Exception {
        CircuitBreaker cb = breaker().windowSize(3).build();

        for (int second = 0; second < 5; second++) {
            succeed(cb, second + 1); // 1, 2, 3, 4, 5 calls in consecutive seconds
            ticker.advance(Duration.ofSeconds(1));
        }
        ticker.advance(Duration.ofSeconds(-1)); // back into the last second written

        assertThat(cb.stats().total()).isEqualTo(3 + 4 + 5);
    }

    @Test
    void outcomesOlderThanTheWindowExpire() throws Exception {
        CircuitBreaker cb = breaker().build();
        fail(cb, 3);
        ticker.advance(Duration.ofSeconds(9));
        assertThat(cb.stats().total()).isEqualTo(3);

        ticker.advance(Duration.ofSeconds(1));
        assertThat(cb.stats().total()).isZero();
        fail(cb, 1);

        assertThat(cb.state()).isEqualTo(State.CLOSED); // 1 failure in the window, not 4
        assertThat(cb.stats().total()).isEqualTo(1);
    }

    @Test
    void bucketsExpireOneSecondAtATime() throws Exception {
        CircuitBreaker cb = breaker().minimumCalls(5).build();
        fail(cb, 2);
        ticker.advance(Duration.ofSeconds(5));
        succeed(cb, 2);

        assertThat(cb.stats().failureRate()).isEqualTo(0.5);
        ticker.advance(Duration.ofSeconds(5)); // the failures' second has left the window

        CircuitBreakerStats stats = cb.stats();
        assertThat(stats.total()).isEqualTo(2);
        assertThat(stats.failures()).isZero();
    }

    @Test
    void minimumCallsCountsAcrossBuckets() {
        CircuitBreaker cb = breaker().build();

        for (int i = 0; i < 3; i++) {
            fail(cb, 1);
            ticker.advance(Duration.ofSeconds(2));
        }
        assertThat(cb.state()).isEqualTo(State.CLOSED);
        fail(cb, 1);

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void anIdlePeriodLongerThanTheWindowEmptiesIt() throws Exception {
        CircuitBreaker cb = breaker().build();
        succeed(cb, 3);
        fail(cb, 1);

        ticker.advance(Duration.ofDays(1));
        fail(cb, 3);

        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.stats().total()).isEqualTo(3);
    }

    @Test
    void aRingSlotIsReusedForALaterSecond() throws Exception {
        CircuitBreaker cb = breaker().windowSize(2).minimumCalls(1).failureRateThreshold(1.0).build();
        succeed(cb, 1); // second s, slot s % 2
        ticker.advance(Duration.ofSeconds(2));
        fail(cb, 1); // second s + 2 reuses that slot: the old success is gone

        assertThat(cb.state()).isEqualTo(State.OPEN);
    }

    @Test
    void statsWhileOpenKeepTheTrippingWindowAsTimePasses() throws Exception {
        CircuitBreaker cb = breaker().openTimeout(Duration.ofMinutes(5)).build();
        succeed(cb, 2);
        fail(cb, 2);

        ticker.advance(Duration.ofMinutes(1));

        assertThat(cb.stats().total()).isEqualTo(4);
        assertThat(cb.stats().failures()).isEqualTo(2);
    }

    @Test
    void slowCallsCountInTheTimeWindow() throws Exception {
        CircuitBreaker cb = breaker().slowCallThreshold(Duration.ofMillis(500)).slowCallRateThreshold(0.5).build();

        succeed(cb, 2);
        cb.call(() -> ticker.advanceMillis(500));
        cb.call(() -> ticker.advanceMillis(700));

        assertThat(cb.state()).isEqualTo(State.OPEN);
        assertThat(cb.stats().slowCalls()).isEqualTo(2);
    }

    @Test
    void resetEmptiesTheTimeWindow() throws Exception {
        CircuitBreaker cb = breaker().build();
        fail(cb, 3);

        cb.reset();
        fail(cb, 1);

        assertThat(cb.state()).isEqualTo(State.CLOSED);
        assertThat(cb.stats().total()).isEqualTo(1);
    }
}
