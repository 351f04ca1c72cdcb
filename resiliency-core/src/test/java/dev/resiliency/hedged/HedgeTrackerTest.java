package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class HedgeTrackerTest {

    private static final long MS = 1_000_000L;

    private static HedgeTracker tokens(double max, double credit, double cost, double threshold) {
        return new HedgeTracker(-1, 95, 1000, MS, 5000 * MS, 100 * MS, 10, max, credit, cost, threshold);
    }

    private static HedgeTracker delays(double percentile, long minMs, long maxMs, long initialMs, int minSamples) {
        return new HedgeTracker(-1, percentile, 1000, minMs * MS, maxMs * MS, initialMs * MS, minSamples, 10, 0.1, 1, 1);
    }

    /** One call at a time that hedged: the reservation at fire time, then the record at completion. */
    private static void hedgedCall(HedgeTracker tracker) {
        assertThat(tracker.tryReserveHedge()).as("hedge allowed").isTrue();
        tracker.record(5 * MS, true, false);
    }

    private static void unhedgedCall(HedgeTracker tracker) {
        tracker.record(5 * MS, false, false);
    }

    // Reference 8.7 token table, one call at a time: reserving at fire time gives the reference's numbers.

    @Test
    void oneHedgedCallLeavesOneTokenAndHedgingAllowed() {
        HedgeTracker tracker = tokens(2, 0.0, 1.0, 1.0);
        hedgedCall(tracker);
        assertThat(tracker.tokens()).isEqualTo(1.0);
        assertThat(tracker.hedgeAllowed()).isTrue();
    }

    @Test
    void twoHedgedCallsEmptyTheBucket() {
        HedgeTracker tracker = tokens(2, 0.0, 1.0, 1.0);
        hedgedCall(tracker);
        hedgedCall(tracker);
        assertThat(tracker.tokens()).isEqualTo(0.0);
        assertThat(tracker.hedgeAllowed()).isFalse();
        assertThat(tracker.tryReserveHedge()).isFalse();
    }

    @Test
    void creditAndCostCombinePerCallAsInTheReference() {
        HedgeTracker tracker = tokens(2, 1.0, 2.0, 1.0);
        hedgedCall(tracker); // clamp(2 + 1 - 2) = 1
        assertThat(tracker.tokens()).isEqualTo(1.0);
        hedgedCall(tracker); // clamp(1 + 1 - 2) = 0
        assertThat(tracker.tokens()).isEqualTo(0.0);
        assertThat(tracker.hedgeAllowed()).isFalse();
        unhedgedCall(tracker); // 0 + 1 = 1
        assertThat(tracker.tokens()).isEqualTo(1.0);
        assertThat(tracker.hedgeAllowed()).isTrue();
    }

    @Test
    void creditIsCappedAtTokenMax() {
        HedgeTracker tracker = tokens(5, 10.0, 1.0, 1.0);
        unhedgedCall(tracker);
        assertThat(tracker.tokens()).isEqualTo(5.0);
    }

    @Test
    void bucketStartsFullAndTokensExactlyAtThresholdAllowHedging() {
        HedgeTracker tracker = tokens(1, 0.0, 0.0, 1.0);
        assertThat(tracker.tokens()).isEqualTo(1.0);
        assertThat(tracker.hedgeAllowed()).isTrue();
    }

    @Test
    void tokensBelowThresholdRefuseHedging() {
        HedgeTracker tracker = tokens(1, 0.0, 0.5, 1.0);
        hedgedCall(tracker);
        assertThat(tracker.tokens()).isEqualTo(0.5);
        assertThat(tracker.hedgeAllowed()).isFalse();
    }

    @Test
    void tokensAreFlooredAtZero() {
        HedgeTracker tracker = tokens(1, 0.0, 5.0, 1.0);
        hedgedCall(tracker);
        assertThat(tracker.tokens()).isEqualTo(0.0);
    }

    @Test
    void emptyBucketNeverAllowsHedging() {
        HedgeTracker tracker = tokens(0, 0.0, 1.0, 1.0);
        assertThat(tracker.hedgeAllowed()).isFalse();
        assertThat(tracker.tryReserveHedge()).isFalse();
    }

    @Test
    void everyRecordedCallEarnsTheCreditWhateverItsOutcome() {
        HedgeTracker tracker = tokens(10, 0.5, 1.0, 1.0);
        hedgedCall(tracker); // 10 - 1 + 0.5
        unhedgedCall(tracker); // + 0.5, capped at 10
        assertThat(tracker.tokens()).isEqualTo(10.0);
        hedgedCall(tracker);
        hedgedCall(tracker);
        assertThat(tracker.tokens()).isEqualTo(9.0);
    }

    @Test
    void fixedModeNeverThrottlesNorChangesTokens() {
        HedgeTracker tracker = new HedgeTracker(20 * MS, 95, 1000, MS, 5000 * MS, 100 * MS, 10, 1, 0, 5, 1);
        for (int i = 0; i < 5; i++) {
            hedgedCall(tracker);
        }
        assertThat(tracker.tokens()).isEqualTo(1.0);
        assertThat(tracker.delayNanos()).isEqualTo(20 * MS);
        assertThat(tracker.stats().hedgedRequests()).isEqualTo(5);
    }

    // compute_delay

    @Test
    void usesInitialDelayUntilMinSamples() {
        HedgeTracker tracker = delays(95, 1, 5000, 100, 3);
        tracker.record(20 * MS, false, false);
        tracker.record(30 * MS, false, false);
        assertThat(tracker.delayNanos()).isEqualTo(100 * MS);
        tracker.record(40 * MS, false, false);
        assertThat(tracker.delayNanos()).isEqualTo(40 * MS);
    }

    @Test
    void initialDelayIsNotClamped() {
        HedgeTracker tracker = delays(95, 1, 50, 10_000, 10);
        assertThat(tracker.delayNanos()).isEqualTo(10_000 * MS);
        assertThat(tracker.stats().currentDelay()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void zeroMinSamplesUsesInitialDelayWhileEmptyThenTheFirstSample() {
        HedgeTracker tracker = delays(95, 1, 5000, 100, 0);
        assertThat(tracker.delayNanos()).isEqualTo(100 * MS);
        tracker.record(20 * MS, false, false);
        assertThat(tracker.delayNanos()).isEqualTo(20 * MS);
    }

    @Test
    void percentileIsClampedToMinDelay() {
        HedgeTracker tracker = delays(95, 10, 5000, 100, 1);
        tracker.record(MS / 2, false, false);
        assertThat(tracker.delayNanos()).isEqualTo(10 * MS);
    }

    @Test
    void percentileIsClampedToMaxDelay() {
        HedgeTracker tracker = delays(95, 1, 200, 100, 1);
        tracker.record(900 * MS, false, false);
        assertThat(tracker.delayNanos()).isEqualTo(200 * MS);
    }

    @Test
    void delayFollowsTheConfiguredPercentile() {
        HedgeTracker tracker = delays(50, 1, 5000, 100, 10);
        for (int ms = 1; ms <= 100; ms++) {
            tracker.record(ms * MS, false, false);
        }
        assertThat(tracker.delayNanos()).isEqualTo(50 * MS);
    }

    @Test
    void statsReportCountersPercentilesDelayAndTokens() {
        HedgeTracker tracker = delays(95, 1, 5000, 100, 10);
        HedgedStats empty = tracker.stats();
        assertThat(empty.p50()).isNull();
        assertThat(empty.p95()).isNull();
        assertThat(empty.p99()).isNull();
        assertThat(empty.currentDelay()).isEqualTo(Duration.ofMillis(100));
        assertThat(empty.tokens()).isEqualTo(10.0);
        for (int ms = 1; ms <= 100; ms++) {
            boolean hedged = ms % 10 == 0;
            if (hedged) {
                tracker.tryReserveHedge();
            }
            tracker.record(ms * MS, hedged, ms % 20 == 0);
        }
        HedgedStats stats = tracker.stats();
        assertThat(stats.totalRequests()).isEqualTo(100);
        assertThat(stats.hedgedRequests()).isEqualTo(10);
        assertThat(stats.hedgeWon()).isEqualTo(5);
        assertThat(stats.p50()).isEqualTo(Duration.ofMillis(50));
        assertThat(stats.p95()).isEqualTo(Duration.ofMillis(95));
        assertThat(stats.p99()).isEqualTo(Duration.ofMillis(99));
        assertThat(stats.currentDelay()).isEqualTo(Duration.ofMillis(95));
        assertThat(stats.tokens()).isCloseTo(9.1, within(1e-9)); // the last call (100 ms) hedged: 10 - 1 + 0.1
    }

    // Reservation under real concurrency

    @RepeatedTest(5)
    void concurrentReservationsNeverExceedTheBucket() throws Exception {
        HedgeTracker tracker = tokens(100, 0.0, 1.0, 1.0);
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    if (tracker.tryReserveHedge()) {
                        granted.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(granted).hasValue(100);
        assertThat(tracker.tokens()).isEqualTo(0.0);
    }

    @RepeatedTest(5)
    void concurrentRecordsAddUpExactly() throws Exception {
        HedgeTracker tracker = tokens(1_000_000, 0.25, 1.0, 0.0);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 10_000; i++) {
                    boolean hedged = tracker.tryReserveHedge();
                    tracker.record(i, hedged, hedged && i % 2 == 0);
                }
            });
            thread.start();
            threads.add(thread);
        }
        go.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        HedgedStats stats = tracker.stats();
        assertThat(stats.totalRequests()).isEqualTo(80_000);
        assertThat(stats.hedgedRequests()).isEqualTo(80_000);
        assertThat(stats.hedgeWon()).isEqualTo(40_000);
        // every call: -1 + 0.25; all values are exact in binary, so no rounding drift
        assertThat(stats.tokens()).isEqualTo(1_000_000 - 80_000 * 0.75);
    }
}
