package dev.resiliency.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.testing.FakeSleeper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResiliencePipelineTest {

    private final CircuitBreaker breaker = CircuitBreaker.builder("cb").build();
    private final SingleFlight flight = SingleFlight.builder("sf").build();
    private final RateLimiter limiter = RateLimiter.builder("rl").rate(10_000).burstSize(1_000).build();
    private final Bulkhead bulkhead = Bulkhead.builder("bh").maxConcurrent(10).maxWait(Duration.ofSeconds(10)).build();
    private final WeightedSemaphore semaphore = WeightedSemaphore.builder("ws").max(10).build();
    private final FakeSleeper sleeper = new FakeSleeper();
    private final BackoffRetry retry = BackoffRetry.builder("retry").maxAttempts(3).sleeper(sleeper).build();
    private final Hedged hedged = Hedged.builder("hedged").delay(Duration.ofSeconds(2)).maxRequests(2).build();

    @Test
    void layersAreEnteredOutermostFirstWhateverOrderTheBuilderWasCalledIn() throws Exception {
        List<Layer> entered = Collections.synchronizedList(new ArrayList<>());
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .listener(entered::add)
                .hedged(hedged)
                .retry(retry)
                .weightedSemaphore(semaphore, 2)
                .bulkhead(bulkhead)
                .rateLimiter(limiter)
                .singleFlight(flight)
                .circuitBreaker(breaker)
                .fallback(e -> "fallback")
                .build();

        assertThat(pipeline.call("key", () -> "value")).isEqualTo("value");

        assertThat(entered).containsExactly(Layer.values());
        assertThat(pipeline.layers()).containsExactly(Layer.values());
    }

    @Test
    void asyncCallsEnterLayersInTheSameCanonicalOrder() throws Exception {
        List<Layer> entered = Collections.synchronizedList(new ArrayList<>());
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .listener(entered::add)
                .retry(retry).hedged(hedged).circuitBreaker(breaker).bulkhead(bulkhead)
                .build();

        assertThat(pipeline.callAsync(() -> CompletableFuture.completedFuture("v")).get(5, TimeUnit.SECONDS))
                .isEqualTo("v");

        assertThat(entered).containsExactly(Layer.CIRCUIT_BREAKER, Layer.BULKHEAD, Layer.RETRY, Layer.HEDGED);
    }

    @Test
    void eachRetryAttemptEntersTheHedgedLayerAgain() throws Exception {
        List<Layer> entered = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger calls = new AtomicInteger();
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .listener(entered::add)
                .hedged(Hedged.builder("h").delay(Duration.ofSeconds(5)).maxRequests(1).build())
                .retry(retry)
                .build();

        String result = pipeline.call(() -> {
            if (calls.incrementAndGet() < 3) {
                throw new IOException("flaky");
            }
            return "ok";
        });

        assertThat(result).isEqualTo("ok");
        assertThat(entered).containsExactly(Layer.RETRY, Layer.HEDGED, Layer.HEDGED, Layer.HEDGED);
    }

    /**
     * The guide's full resilience stack: 50 concurrent callers for one key while the downstream fails twice and
     * then succeeds. Single-flight collapses the callers, retry absorbs the two failures, hedging is per attempt.
     */
    @Test
    void fullStackCollapsesFiftyCallersIntoAtMostSixDownstreamRequests() throws Exception {
        int callers = 50;
        AtomicInteger downstream = new AtomicInteger();
        CountDownLatch allJoined = new CountDownLatch(callers);
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .listener(layer -> {
                    if (layer == Layer.SINGLE_FLIGHT) {
                        allJoined.countDown();
                    }
                })
                .circuitBreaker(breaker)
                .singleFlight(flight)
                .rateLimiter(limiter)
                .bulkhead(bulkhead)
                .weightedSemaphore(semaphore, 2)
                .retry(retry)
                .hedged(hedged)
                .build();

        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                results.add(pool.submit(() -> pipeline.call("sku-1", () -> {
                    int n = downstream.incrementAndGet();
                    if (n <= 2) {
                        throw new IOException("503 from downstream, request " + n);
                    }
                    allJoined.await(10, TimeUnit.SECONDS); // let every caller join the flight first
                    return "product";
                })));
            }
            for (Future<String> result : results) {
                assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo("product");
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(downstream.get()).isBetween(3, 3 * 2);
        assertThat(breaker.stats().successfulCalls()).isEqualTo(callers);
        assertThat(breaker.stats().failedCalls()).isZero();
        assertThat(semaphore.current()).isZero();
        assertThat(semaphore.available()).isEqualTo(10);
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void fallbackReceivesTheOpenCircuit() throws Exception {
        breaker.forceOpen();
        List<Throwable> seen = new ArrayList<>();
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .circuitBreaker(breaker)
                .fallback(e -> {
                    seen.add(e);
                    return "placeholder";
                })
                .build();

        assertThat(pipeline.call(() -> "never")).isEqualTo("placeholder");
        assertThat(seen).singleElement().isInstanceOf(CircuitOpenException.class);
    }

    @Test
    void fallbackOnlyHandlesTheFailuresItAccepts() {
        IllegalStateException failure = new IllegalStateException("not handled");
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .fallback(e -> e instanceof IOException, e -> "degraded")
                .build();

        assertThatThrownBy(() -> pipeline.call(() -> {
            throw failure;
        })).isSameAs(failure);
    }

    @Test
    void asyncFallbackMayReturnAStage() throws Exception {
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .fallback(e -> CompletableFuture.completedFuture("from stage"))
                .build();

        CompletableFuture<String> result = pipeline.callAsync(
                () -> CompletableFuture.failedFuture(new IOException("down")));

        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("from stage");
    }

    @Test
    void theUsersExceptionCrossesEveryLayerUnchanged() {
        IOException failure = new IOException("always down");
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .circuitBreaker(breaker).bulkhead(bulkhead).weightedSemaphore(semaphore, 1).retry(retry).hedged(hedged)
                .build();

        assertThatThrownBy(() -> pipeline.call(() -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(semaphore.current()).isZero();
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void asyncPathDoesNotBlockTheCallerThread() throws Exception {
        CompletableFuture<String> downstream = new CompletableFuture<>();
        ResiliencePipeline pipeline = ResiliencePipeline.builder()
                .circuitBreaker(breaker).bulkhead(bulkhead).weightedSemaphore(semaphore, 2).retry(retry).hedged(hedged)
                .build();

        CompletableFuture<String> result = pipeline.callAsync(() -> downstream);

        assertThat(result).isNotDone();
        downstream.complete("late");
        assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("late");
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void anEmptyPipelineJustRunsTheCall() throws Exception {
        ResiliencePipeline pipeline = ResiliencePipeline.builder().build();

        assertThat(pipeline.layers()).isEmpty();
        assertThat(pipeline.call(() -> 42)).isEqualTo(42);
        assertThat(pipeline.callAsync(() -> CompletableFuture.completedFuture(7)).get()).isEqualTo(7);
    }

    @Test
    void aLayerCanBeSetOnlyOnce() {
        ResiliencePipeline.Builder builder = ResiliencePipeline.builder().retry(retry);

        assertThatThrownBy(() -> builder.retry(retry))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("RETRY");
    }

    @Test
    void rejectsWeightsOutsideThePrimitivesBounds() {
        assertThatThrownBy(() -> ResiliencePipeline.builder().weightedSemaphore(semaphore, 11))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("weightedSemaphore weight")
                .hasMessageContaining("11");
        assertThatThrownBy(() -> ResiliencePipeline.builder().weightedSemaphore(semaphore, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ResiliencePipeline.builder().rateLimiter(limiter, 1_001))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("burstSize");
    }

    @Test
    void rejectsNullArguments() {
        assertThatThrownBy(() -> ResiliencePipeline.builder().retry(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("retry");
        assertThatThrownBy(() -> ResiliencePipeline.builder().build().call(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("callable");
        assertThatThrownBy(() -> ResiliencePipeline.builder().build().call(null, () -> 1))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("key");
    }

    @Test
    void aBuilderCanBuildIndependentPipelines() throws Exception {
        List<Layer> first = new ArrayList<>();
        ResiliencePipeline.Builder builder = ResiliencePipeline.builder().retry(retry).listener(first::add);
        ResiliencePipeline one = builder.build();
        ResiliencePipeline two = builder.circuitBreaker(breaker).build();

        one.call(() -> 1);

        assertThat(first).containsExactly(Layer.RETRY);
        assertThat(two.layers()).containsExactly(Layer.CIRCUIT_BREAKER, Layer.RETRY);
    }

    @Test
    void aZeroSemaphoreTimeoutRunsOnlyWhenThePermitsAreFreeNow() throws Exception {
        WeightedSemaphore small = WeightedSemaphore.builder("small").max(2).build();
        ResiliencePipeline onlyIfFree = ResiliencePipeline.builder().weightedSemaphore(small, 2, Duration.ZERO).build();

        assertThat(onlyIfFree.call(() -> "ran")).isEqualTo("ran");
        String nested = small.acquire(1, () -> {
            assertThatThrownBy(() -> onlyIfFree.call(() -> "never"))
                    .isInstanceOf(ResiliencyTimeoutException.class);
            return "held";
        });

        assertThat(nested).isEqualTo("held");
        assertThat(small.available()).isEqualTo(2);
    }
}
