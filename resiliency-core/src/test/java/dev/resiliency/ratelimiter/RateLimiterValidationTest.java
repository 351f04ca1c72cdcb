package dev.resiliency.ratelimiter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RateLimiterValidationTest {

    private static RateLimiter.Builder valid() {
        return RateLimiter.builder("api").rate(1.0).burstSize(3);
    }

    @Test
    void rejectsAMissingRate() {
        assertThatThrownBy(() -> RateLimiter.builder("api").burstSize(1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rate is required");
    }

    @Test
    void rejectsAZeroRate() {
        assertThatThrownBy(() -> valid().rate(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("rate must be a finite number > 0, got: 0.0");
    }

    @Test
    void rejectsANegativeRate() {
        assertThatThrownBy(() -> valid().rate(-5).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rate must be");
    }

    @Test
    void rejectsANaNRate() {
        assertThatThrownBy(() -> valid().rate(Double.NaN).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rate must be");
    }

    @Test
    void rejectsAnInfiniteRate() {
        assertThatThrownBy(() -> valid().rate(Double.POSITIVE_INFINITY).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("rate must be");
    }

    @Test
    void rejectsAMissingBurstSize() {
        assertThatThrownBy(() -> RateLimiter.builder("api").rate(1.0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burstSize is required");
    }

    @Test
    void rejectsABurstSizeBelowOne() {
        assertThatThrownBy(() -> valid().burstSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("burstSize must be >= 1, got: 0");
    }

    @Test
    void rejectsABucketThatWouldTakeMoreThan73YearsToRefill() {
        assertThatThrownBy(() -> valid().rate(1e-9).burstSize(10).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burstSize / rate");
    }

    @Test
    void acceptsAVerySlowButRepresentableRate() {
        assertThat(valid().rate(0.001).burstSize(200).build().burstSize()).isEqualTo(200);
    }

    @Test
    void rejectsANegativeMaxWait() {
        assertThatThrownBy(() -> valid().maxWait(Duration.ofMillis(-1)).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("maxWait must be >= 0");
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> valid().maxWait(null)).hasMessage("maxWait must not be null");
        assertThatThrownBy(() -> valid().ticker(null)).hasMessage("ticker must not be null");
        assertThatThrownBy(() -> valid().sleeper(null)).hasMessage("sleeper must not be null");
        assertThatThrownBy(() -> valid().scheduler(null)).hasMessage("scheduler must not be null");
        assertThatThrownBy(() -> RateLimiter.builder(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void rejectsABlankName() {
        assertThatThrownBy(() -> RateLimiter.builder("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsAWeightBelowOneOnEveryEntryPoint() {
        RateLimiter limiter = valid().build();

        assertThatThrownBy(() -> limiter.call(0, () -> "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("weight must be >= 1, got: 0");
        assertThatThrownBy(() -> limiter.tryAcquire(-1)).hasMessage("weight must be >= 1, got: -1");
        assertThatThrownBy(() -> limiter.acquire(0)).hasMessage("weight must be >= 1, got: 0");
        assertThatThrownBy(() -> limiter.callAsync(0, () -> CompletableFuture.completedFuture("x")))
                .hasMessage("weight must be >= 1, got: 0");
        assertThat(limiter.stats()).isEqualTo(new RateLimiterStats(3.0, 1.0, 3, 0, 0));
    }

    @Test
    void rejectsAWeightAboveBurstSizeAsItCouldNeverBeGranted() {
        RateLimiter limiter = valid().build();

        assertThatThrownBy(() -> limiter.call(4, () -> "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weight 4")
                .hasMessageContaining("burstSize 3")
                .hasMessageContaining("'api'");
        assertThatThrownBy(() -> limiter.tryAcquire(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.acquire(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> limiter.callAsync(4, () -> CompletableFuture.completedFuture("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(limiter.stats().availableTokens()).isEqualTo(3.0);
    }

    @Test
    void rejectsANullCallableOrSupplier() {
        RateLimiter limiter = valid().build();

        assertThatThrownBy(() -> limiter.call(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("callable must not be null");
        assertThatThrownBy(() -> limiter.callAsync(null)).isInstanceOf(NullPointerException.class)
                .hasMessage("supplier must not be null");
        assertThat(limiter.stats().availableTokens()).isEqualTo(3.0);
    }
}
