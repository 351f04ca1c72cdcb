package dev.resiliency.hedged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Adaptive mode: the delay follows observed latencies and a token bucket, reserved at hedge time, throttles hedging. */
class HedgedAdaptiveTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeScheduler scheduler = new FakeScheduler(ticker);
    private final List<CompletableFuture<String>> stages = new ArrayList<>();
    private final Supplier<CompletionStage<String>> pending = () -> {
        CompletableFuture<String> stage = new CompletableFuture<>();
        stages.add(stage);
        return stage;
    };

    private Hedged.Builder fake() {
        return Hedged.builder("adaptive").ticker(ticker).scheduler(scheduler).executor(Runnable::run);
    }

    /** Tokens for exactly two hedges, never replenished. */
    private Hedged.Builder twoHedges(Hedged.Builder builder) {
        return builder.initialDelay(Duration.ofMillis(100)).tokenMax(2).tokenSuccessCredit(0).tokenHedgeCost(1)
                .tokenThreshold(1);
    }

    @RepeatedTest(3)
    void twentyConcurrentSlowCallsShareTheTokensOfTwoHedges() throws Exception {
        TrackingExecutor executor = new TrackingExecutor();
        AtomicInteger hedges = new AtomicInteger();
        Hedged hedged = twoHedges(Hedged.builder("concurrent")).initialDelay(Duration.ofMillis(5))
                .timeout(Duration.ofMillis(300)).executor(executor).onHedge(attempt -> hedges.incrementAndGet()).build();
        Copies copies = new Copies();
        CountDownLatch go = new CountDownLatch(1);
        List<Object> outcomes = new CopyOnWriteArrayList<>();
        List<Thread> callers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Thread caller = new Thread(() -> {
                try {
                    go.await();
                    AtomicInteger copy = new AtomicInteger();
                    outcomes.add(hedged.call(() -> copy.getAndIncrement() == 0 ? copies.hang() : "hedge"));
                } catch (Exception e) {
                    outcomes.add(e);
                }
            });
            caller.start();
            callers.add(caller);
        }

        go.countDown();
        for (Thread caller : callers) {
            caller.join();
        }

        assertThat(hedges).as("hedges fired").hasValue(2);
        assertThat(outcomes).hasSize(20);
        assertThat(outcomes).filteredOn("hedge"::equals).hasSize(2);
        assertThat(outcomes).filteredOn(ResiliencyTimeoutException.class::isInstance).hasSize(18);
        HedgedStats stats = hedged.stats();
        assertThat(stats.totalRequests()).isEqualTo(20);
        assertThat(stats.hedgedRequests()).isEqualTo(2);
        assertThat(stats.hedgeWon()).isEqualTo(2);
        assertThat(stats.tokens()).isEqualTo(0.0);
        assertThat(executor.created()).isEqualTo(22);
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.alive() == 0);
    }

    @Test
    void overlappingCallsCannotHedgeOnTheSameTokens() {
        Hedged hedged = twoHedges(fake()).build();
        List<CompletableFuture<String>> results = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            results.add(hedged.callAsync(pending));
        }

        scheduler.advance(Duration.ofMillis(100));

        assertThat(stages).as("5 originals + 2 hedges").hasSize(7);
        stages.forEach(stage -> stage.complete("ok"));
        assertThat(results).allMatch(result -> "ok".equals(result.join()));
        assertThat(hedged.stats().hedgedRequests()).isEqualTo(2);
        assertThat(hedged.stats().tokens()).isEqualTo(0.0);
    }

    @Test
    void sequentialCallsStopHedgingWhenTheBucketIsEmpty() {
        Hedged hedged = twoHedges(fake()).build();
        for (int call = 0; call < 3; call++) {
            int before = stages.size();
            CompletableFuture<String> result = hedged.callAsync(pending);
            scheduler.advance(Duration.ofMillis(100));
            int copies = stages.size() - before;
            assertThat(copies).as("copies of call %d", call).isEqualTo(call < 2 ? 2 : 1);
            stages.get(before).complete("done");
            assertThat(result).isCompletedWithValue("done");
        }
        assertThat(scheduler.pending()).isZero();
        HedgedStats stats = hedged.stats();
        assertThat(stats.totalRequests()).isEqualTo(3);
        assertThat(stats.hedgedRequests()).isEqualTo(2);
    }

    @Test
    void aCallRefusedAHedgeDoesNotFireOnFailureEither() {
        Hedged hedged = fake().tokenMax(0).maxRequests(3).build();
        CompletableFuture<String> result = hedged.callAsync(pending);
        IllegalStateException failure = new IllegalStateException("down");

        stages.get(0).completeExceptionally(failure);

        assertThat(result).isCompletedExceptionally();
        assertThat(stages).hasSize(1);
    }

    @Test
    void delayFollowsObservedLatencies() {
        Hedged hedged = fake().percentile(50).minSamples(2).initialDelay(Duration.ofMillis(100)).build();
        assertThat(hedged.stats().currentDelay()).isEqualTo(Duration.ofMillis(100));
        for (long latency : new long[] {30, 50}) {
            CompletableFuture<String> result = hedged.callAsync(pending);
            scheduler.advance(Duration.ofMillis(latency));
            stages.get(stages.size() - 1).complete("ok");
            assertThat(result).isDone();
        }
        assertThat(hedged.stats().currentDelay()).isEqualTo(Duration.ofMillis(30));
        assertThat(hedged.stats().p50()).isEqualTo(Duration.ofMillis(30));
        assertThat(hedged.stats().p99()).isEqualTo(Duration.ofMillis(50));

        hedged.callAsync(pending);
        int before = stages.size();
        scheduler.advance(Duration.ofMillis(29));
        assertThat(stages).hasSize(before);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(stages).as("hedged after the p50 delay").hasSize(before + 1);
    }

    @Test
    void everyCompletedCallEarnsCreditAndAHedgedOneCostsATokenAsInTheReference() {
        Hedged hedged = fake().initialDelay(Duration.ofMillis(10)).build(); // defaults: max 10, credit 0.1, cost 1
        CompletableFuture<String> hedgedCall = hedged.callAsync(pending);
        scheduler.advance(Duration.ofMillis(10));
        stages.get(1).complete("hedge");
        assertThat(hedgedCall).isCompletedWithValue("hedge");
        assertThat(hedged.stats().tokens()).isCloseTo(9.1, org.assertj.core.api.Assertions.within(1e-9));

        CompletableFuture<String> plainCall = hedged.callAsync(pending);
        stages.get(2).complete("plain");
        assertThat(plainCall).isDone();
        assertThat(hedged.stats().tokens()).isCloseTo(9.2, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(hedged.stats().hedgeWon()).isEqualTo(1);
    }
}
