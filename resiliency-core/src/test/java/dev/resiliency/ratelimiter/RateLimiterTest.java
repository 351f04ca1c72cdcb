package dev.resiliency.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.resiliency.RateLimitedException;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final FakeTicker ticker = new FakeTicker();

    private RateLimiter limiter(double rate, int burstSize) {
        return RateLimiter.builder("api").rate(rate).burstSize(burstSize).ticker(ticker).build();
    }

    private static Duration retryAfterOf(ThrowingCallable call) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(RateLimitedException.class);
        return ((RateLimitedException) thrown).retryAfter();
    }

    private static void drain(RateLimiter limiter) {
        while (limiter.tryAcquire(1)) {
            // take every token
        }
    }

    @Test
    void grantsExactlyBurstSizeBackToBackCallsThenRejects() throws Exception {
        RateLimiter limiter = limiter(0.001, 5);

        for (int i = 0; i < 5; i++) {
            assertThat(limiter.call(() -> "ok")).isEqualTo("ok");
        }

        assertThatThrownBy(() -> limiter.call(() -> "one too many")).isInstanceOf(RateLimitedException.class);
        assertThat(limiter.stats().permitted()).isEqualTo(5);
        assertThat(limiter.stats().rejected()).isEqualTo(1);
    }

    @Test
    void aCallTakesItsWeightInTokens() throws Exception {
        RateLimiter limiter = limiter(0.001, 9);

        assertThat(limiter.call(3, () -> 1)).isEqualTo(1);
        assertThat(limiter.tryAcquire(3)).isTrue();
        assertThat(limiter.tryAcquire(3)).isTrue();

        assertThat(limiter.tryAcquire(3)).isFalse();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void aHeavyCallIsRejectedWhileLighterOnesStillFit() {
        RateLimiter limiter = limiter(0.001, 4);
        assertThat(limiter.tryAcquire(3)).isTrue();

        assertThat(limiter.tryAcquire(2)).isFalse();
        assertThat(limiter.tryAcquire(1)).isTrue();
    }

    @Test
    void retryAfterIsTheTimeUntilTheTokensExist() {
        RateLimiter limiter = limiter(1.0, 1);
        drain(limiter);

        assertThat(retryAfterOf(() -> limiter.call(() -> "x"))).isEqualTo(Duration.ofMillis(1000));
    }

    @Test
    void retryAfterShrinksAsTheBucketRefills() {
        RateLimiter limiter = limiter(1.0, 1);
        drain(limiter);
        ticker.advanceMillis(400);

        assertThat(retryAfterOf(() -> limiter.call(() -> "x"))).isEqualTo(Duration.ofMillis(600));
    }

    @Test
    void retryAfterCountsEveryMissingTokenOfAWeightedCall() {
        RateLimiter limiter = limiter(2.0, 4);
        drain(limiter);

        assertThat(retryAfterOf(() -> limiter.call(3, () -> "x"))).isEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void aLowerRateGivesALongerRetryAfter() {
        RateLimiter slow = limiter(0.5, 1);
        drain(slow);

        assertThat(retryAfterOf(() -> slow.call(() -> "x"))).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void retryAfterIsRoundedUpToWholeMilliseconds() {
        RateLimiter limiter = limiter(3.0, 1); // one token every 333.33 ms
        drain(limiter);

        assertThat(retryAfterOf(() -> limiter.call(() -> "x"))).isEqualTo(Duration.ofMillis(334));
    }

    @Test
    void retryAfterIsAtLeastOneMillisecond() {
        RateLimiter limiter = limiter(10_000.0, 1); // one token every 100 µs
        drain(limiter);

        assertThat(retryAfterOf(() -> limiter.call(() -> "x"))).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void rejectionCarriesTheInstanceName() {
        RateLimiter limiter = limiter(1.0, 1);
        drain(limiter);

        assertThatThrownBy(() -> limiter.call(() -> "x"))
                .isInstanceOfSatisfying(RateLimitedException.class, e -> assertThat(e.instanceName()).isEqualTo("api"))
                .hasMessageContaining("api");
    }

    @Test
    void refillsContinuouslyAsTheTickerAdvances() {
        RateLimiter limiter = limiter(10.0, 2);
        drain(limiter);

        ticker.advanceMillis(99);
        assertThat(limiter.tryAcquire(1)).isFalse();
        ticker.advanceMillis(1);
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void refillStopsAtBurstSize() {
        RateLimiter limiter = limiter(10.0, 2);
        drain(limiter);

        ticker.advance(Duration.ofSeconds(10));

        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void refillHasSubMillisecondPrecision() {
        RateLimiter limiter = limiter(10_000.0, 1);
        drain(limiter);

        ticker.advance(Duration.ofNanos(50_000));
        assertThat(limiter.tryAcquire(1)).isFalse(); // half a token, kept: a rejection writes nothing
        ticker.advance(Duration.ofNanos(50_000));
        assertThat(limiter.tryAcquire(1)).isTrue();
    }

    @Test
    void statsProjectTheRefillWithoutWriting() {
        RateLimiter limiter = limiter(1.0, 2);
        drain(limiter);
        ticker.advanceMillis(500);

        assertThat(limiter.stats().availableTokens()).isCloseTo(0.5, within(1e-9));
        assertThat(limiter.stats().availableTokens()).isCloseTo(0.5, within(1e-9));
        ticker.advanceMillis(500);
        assertThat(limiter.stats().availableTokens()).isCloseTo(1.0, within(1e-9));
        assertThat(limiter.tryAcquire(1)).isTrue();
        assertThat(limiter.stats().availableTokens()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void statsReportConfigurationAndCounters() {
        RateLimiter limiter = limiter(100.0, 10);
        limiter.tryAcquire(4);
        limiter.tryAcquire(7);

        assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(6.0, 100.0, 10, 1, 1));
    }

    @Test
    void startsWithAFullBucket() {
        assertThat(limiter(1.0, 7).stats().availableTokens()).isEqualTo(7.0);
    }

    @Test
    void resetRefillsTheBucket() {
        RateLimiter limiter = limiter(0.001, 3);
        drain(limiter);

        limiter.reset();

        assertThat(limiter.stats().availableTokens()).isEqualTo(3.0);
        assertThat(limiter.tryAcquire(3)).isTrue();
    }

    @Test
    void tokensOfAFailedCallAreNotRefundedAndItsExceptionIsRethrownUnchanged() {
        RateLimiter limiter = limiter(0.001, 1);
        IOException boom = new IOException("boom");

        assertThatThrownBy(() -> limiter.call(() -> {
            throw boom;
        })).isSameAs(boom);

        assertThat(limiter.tryAcquire(1)).isFalse();
    }

    @Test
    void letsAnErrorPropagateUntouched() {
        RateLimiter limiter = limiter(1.0, 1);
        OutOfMemoryError error = new OutOfMemoryError("simulated");

        assertThatThrownBy(() -> limiter.call(() -> {
            throw error;
        })).isSameAs(error);
    }

    @Test
    void aRejectedCallDoesNotRunTheCallable() {
        RateLimiter limiter = limiter(1.0, 1);
        drain(limiter);
        AtomicInteger ran = new AtomicInteger();

        assertThatThrownBy(() -> limiter.call(ran::incrementAndGet)).isInstanceOf(RateLimitedException.class);

        assertThat(ran).hasValue(0);
    }

    @Test
    void returnsWhateverTheCallableReturnsIncludingNull() throws Exception {
        RateLimiter limiter = limiter(1.0, 2);

        Object nothing = limiter.call(() -> null);
        assertThat(nothing).isNull();
        assertThat(limiter.call(() -> List.of("error", "as", "a", "value"))).hasSize(4);
    }

    @Test
    void acquireTakesTokensWithoutRunningAnything() {
        RateLimiter limiter = limiter(1.0, 2);

        limiter.acquire(2);

        assertThatThrownBy(() -> limiter.acquire(1))
                .isInstanceOfSatisfying(RateLimitedException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        assertThat(limiter.stats().permitted()).isOne();
        assertThat(limiter.stats().rejected()).isOne();
    }

    @Test
    void publishesPermittedWithTheWeight() throws Exception {
        RateLimiter limiter = limiter(1.0, 5);
        List<RateLimiterEvent> events = new CopyOnWriteArrayList<>();
        limiter.events().subscribe(events::add);

        limiter.call(2, () -> "x");
        limiter.tryAcquire(1);

        assertThat(events).containsExactly(new RateLimiterEvent.Permitted("api", 2), new RateLimiterEvent.Permitted("api", 1));
    }

    @Test
    void publishesRejectedWithTheWeightAndRetryAfter() {
        RateLimiter limiter = limiter(1.0, 3);
        drain(limiter);
        List<RateLimiterEvent> events = new CopyOnWriteArrayList<>();
        limiter.events().subscribe(events::add);

        limiter.tryAcquire(2);

        assertThat(events).containsExactly(new RateLimiterEvent.Rejected("api", 2, Duration.ofSeconds(2)));
    }

    @Test
    void exposesItsConfiguration() {
        RateLimiter limiter = RateLimiter.builder("inventory-api").rate(100.0).burstSize(10)
                .maxWait(Duration.ofMillis(50)).build();

        assertThat(limiter.name()).isEqualTo("inventory-api");
        assertThat(limiter.rate()).isEqualTo(100.0);
        assertThat(limiter.burstSize()).isEqualTo(10);
        assertThat(limiter.maxWait()).isEqualTo(Duration.ofMillis(50));
        assertThat(limiter.toString()).contains("inventory-api", "100.0", "10");
        assertThat(limiter(1.0, 1).maxWait()).isEqualTo(Duration.ZERO);
    }
}
