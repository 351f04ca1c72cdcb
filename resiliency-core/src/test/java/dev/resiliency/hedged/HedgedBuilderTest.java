package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HedgedBuilderTest {

    private static Hedged.Builder builder() {
        return Hedged.builder("h");
    }

    private static void rejects(Hedged.Builder builder, String message) {
        assertThatThrownBy(builder::build).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }

    @Test
    void defaultsAreAdaptiveWithTheReferenceValues() {
        Hedged hedged = builder().build();
        assertThat(hedged.name()).isEqualTo("h");
        assertThat(hedged.adaptive()).isTrue();
        assertThat(hedged.maxRequests()).isEqualTo(2);
        assertThat(hedged.timeout()).isEqualTo(Duration.ofSeconds(5));
        HedgedStats stats = hedged.stats();
        assertThat(stats).isEqualTo(new HedgedStats(0, 0, 0, null, null, null, Duration.ofMillis(100), 10.0));
    }

    @Test
    void settingADelaySelectsFixedMode() {
        Hedged hedged = builder().delay(Duration.ofMillis(150)).maxRequests(3).timeout(Duration.ofSeconds(2)).build();
        assertThat(hedged.adaptive()).isFalse();
        assertThat(hedged.maxRequests()).isEqualTo(3);
        assertThat(hedged.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(hedged.stats().currentDelay()).isEqualTo(Duration.ofMillis(150));
    }

    @Test
    void acceptsTheBoundaryValues() {
        Hedged hedged = builder().delay(Duration.ZERO).maxRequests(1).timeout(Duration.ofNanos(1)).percentile(0)
                .bufferSize(1).minDelay(Duration.ZERO).maxDelay(Duration.ZERO).initialDelay(Duration.ZERO).minSamples(0)
                .tokenMax(0).tokenSuccessCredit(0).tokenHedgeCost(0).tokenThreshold(0).build();
        assertThat(hedged.maxRequests()).isEqualTo(1);
        assertThat(builder().percentile(100).build().adaptive()).isTrue();
    }

    @Test
    void rejectsNullName() {
        assertThatThrownBy(() -> Hedged.builder(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("name");
    }

    @Test
    void rejectsBlankName() {
        assertThatThrownBy(() -> Hedged.builder(" ")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNegativeDelay() {
        rejects(builder().delay(Duration.ofMillis(-1)), "delay must be >= 0");
    }

    @Test
    void rejectsMaxRequestsBelowOne() {
        rejects(builder().maxRequests(0), "maxRequests must be >= 1, got: 0");
    }

    @Test
    void rejectsZeroTimeout() {
        rejects(builder().timeout(Duration.ZERO), "timeout must be > 0");
    }

    @Test
    void rejectsNegativeTimeout() {
        rejects(builder().timeout(Duration.ofSeconds(-1)), "timeout must be > 0");
    }

    @Test
    void rejectsPercentileBelowZero() {
        rejects(builder().percentile(-0.5), "percentile must be between 0.0 and 100.0");
    }

    @Test
    void rejectsPercentileAboveHundred() {
        rejects(builder().percentile(100.5), "percentile must be between 0.0 and 100.0");
    }

    @Test
    void rejectsNaNPercentile() {
        rejects(builder().percentile(Double.NaN), "percentile");
    }

    @Test
    void rejectsBufferSizeBelowOne() {
        rejects(builder().bufferSize(0), "bufferSize must be >= 1");
    }

    @Test
    void rejectsNegativeMinDelay() {
        rejects(builder().minDelay(Duration.ofMillis(-1)), "minDelay must be >= 0");
    }

    @Test
    void rejectsMaxDelayBelowMinDelay() {
        rejects(builder().minDelay(Duration.ofMillis(10)).maxDelay(Duration.ofMillis(9)), "maxDelay must be >= minDelay");
    }

    @Test
    void rejectsNegativeInitialDelay() {
        rejects(builder().initialDelay(Duration.ofMillis(-1)), "initialDelay must be >= 0");
    }

    @Test
    void rejectsNegativeMinSamples() {
        rejects(builder().minSamples(-1), "minSamples must be >= 0");
    }

    @Test
    void rejectsNegativeTokenMax() {
        rejects(builder().tokenMax(-1), "tokenMax must be a finite number >= 0");
    }

    @Test
    void rejectsInfiniteTokenMax() {
        rejects(builder().tokenMax(Double.POSITIVE_INFINITY), "tokenMax");
    }

    @Test
    void rejectsNegativeTokenSuccessCredit() {
        rejects(builder().tokenSuccessCredit(-0.1), "tokenSuccessCredit must be a finite number >= 0");
    }

    @Test
    void rejectsNegativeTokenHedgeCost() {
        rejects(builder().tokenHedgeCost(-1), "tokenHedgeCost must be a finite number >= 0");
    }

    @Test
    void rejectsNegativeTokenThreshold() {
        rejects(builder().tokenThreshold(-1), "tokenThreshold must be a finite number >= 0");
    }

    @Test
    void rejectsNaNToken() {
        rejects(builder().tokenHedgeCost(Double.NaN), "tokenHedgeCost");
    }

    @Test
    void rejectsNullArgumentsNamingThem() {
        assertThatThrownBy(() -> builder().delay(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("delay");
        assertThatThrownBy(() -> builder().timeout(null)).hasMessageContaining("timeout");
        assertThatThrownBy(() -> builder().nonFatal(null)).hasMessageContaining("nonFatal");
        assertThatThrownBy(() -> builder().onHedge(null)).hasMessageContaining("onHedge");
        assertThatThrownBy(() -> builder().minDelay(null)).hasMessageContaining("minDelay");
        assertThatThrownBy(() -> builder().maxDelay(null)).hasMessageContaining("maxDelay");
        assertThatThrownBy(() -> builder().initialDelay(null)).hasMessageContaining("initialDelay");
        assertThatThrownBy(() -> builder().executor(null)).hasMessageContaining("executor");
        assertThatThrownBy(() -> builder().scheduler(null)).hasMessageContaining("scheduler");
        assertThatThrownBy(() -> builder().ticker(null)).hasMessageContaining("ticker");
        Hedged hedged = builder().build();
        assertThatThrownBy(() -> hedged.call(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("callable");
        assertThatThrownBy(() -> hedged.callAsync(null)).isInstanceOf(NullPointerException.class).hasMessageContaining("supplier");
    }

    @Test
    void hugeTimeoutMeansNoDeadline() throws Exception {
        Hedged hedged = builder().timeout(Duration.ofSeconds(Long.MAX_VALUE)).build();
        assertThat(hedged.call(() -> "ok")).isEqualTo("ok");
    }
}
