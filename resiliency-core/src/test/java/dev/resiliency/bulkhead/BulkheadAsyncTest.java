package dev.resiliency.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.internal.Futures;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BulkheadAsyncTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeScheduler scheduler = new FakeScheduler(ticker);

    private Bulkhead bulkhead(int max, Duration maxWait) {
        return Bulkhead.builder("inventory").maxConcurrent(max).maxWait(maxWait)
                .ticker(ticker).scheduler(scheduler).build();
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).isCompletedExceptionally();
        try {
            future.get(0, TimeUnit.SECONDS);
        } catch (Exception e) {
            return Futures.unwrap(e);
        }
        throw new AssertionError("not failed");
    }

    @Test
    void holdsThePermitUntilTheStageCompletes() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        CompletableFuture<String> work = new CompletableFuture<>();

        CompletableFuture<String> result = bulkhead.callAsync(() -> work);

        assertThat(result).isNotDone();
        assertThat(bulkhead.stats().active()).isEqualTo(1);
        work.complete("done");
        assertThat(result.get()).isEqualTo("done");
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 1, 0));
    }

    @Test
    void rejectsAtOnceWithAFailedFutureWhenFull() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        bulkhead.callAsync(CompletableFuture::new);
        AtomicInteger started = new AtomicInteger();

        CompletableFuture<Object> rejected = bulkhead.callAsync(() -> {
            started.incrementAndGet();
            return new CompletableFuture<>();
        });

        assertThat(failureOf(rejected)).isInstanceOf(BulkheadFullException.class);
        assertThat(started).hasValue(0);
        assertThat(bulkhead.stats().rejected()).isOne();
    }

    @Test
    void maxConcurrentZeroRejectsAsyncCallsToo() {
        Bulkhead bulkhead = bulkhead(0, Bulkhead.WAIT_FOREVER);

        assertThat(failureOf(bulkhead.callAsync(() -> CompletableFuture.completedFuture("x"))))
                .isInstanceOf(BulkheadFullException.class);
    }

    @Test
    void aQueuedCallDoesNotBlockTheCallerAndStartsWhenAPermitIsFreed() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        CompletableFuture<String> first = new CompletableFuture<>();
        bulkhead.callAsync(() -> first);
        AtomicInteger started = new AtomicInteger();

        CompletableFuture<String> queued = bulkhead.callAsync(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("second");
        });

        assertThat(queued).isNotDone();
        assertThat(started).hasValue(0);
        assertThat(bulkhead.stats().waiting()).isOne();
        first.complete("first");
        assertThat(queued.get()).isEqualTo("second");
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 2, 0));
    }

    @Test
    void syncAndAsyncWaitersShareOneFifoQueue() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        List<String> order = new CopyOnWriteArrayList<>();
        Caller holder = Caller.holding(bulkhead, "holder");
        CompletableFuture<Boolean> asyncFirst = bulkhead.callAsync(() -> CompletableFuture.completedFuture(order.add("async1")));
        Thread sync = new Thread(() -> {
            try {
                bulkhead.call(() -> order.add("sync2"));
            } catch (Exception e) {
                order.add("failed");
            }
        });
        sync.start();
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(1)).until(() -> bulkhead.stats().waiting() == 2);
        CompletableFuture<Boolean> asyncLast = bulkhead.callAsync(() -> CompletableFuture.completedFuture(order.add("async3")));

        holder.finish();
        sync.join(5_000);

        assertThat(asyncFirst.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(asyncLast.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("async1", "sync2", "async3");
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void aQueuedCallWhoseWaitRunsOutFailsWithBulkheadFullAndLeavesTheQueue() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofMillis(200));
        CompletableFuture<String> first = new CompletableFuture<>();
        bulkhead.callAsync(() -> first);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<String> queued = bulkhead.callAsync(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("late");
        });

        scheduler.advance(Duration.ofMillis(199));
        assertThat(queued).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        assertThat(failureOf(queued)).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.stats().waiting()).isZero();
        first.complete("first");
        assertThat(started).hasValue(0);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 1, 1));
    }

    @Test
    void aPerCallMaxWaitAppliesToAsyncCalls() {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        bulkhead.callAsync(CompletableFuture::new);

        CompletableFuture<Object> immediate = bulkhead.callAsync(CompletableFuture::new, Duration.ZERO);
        CompletableFuture<Object> brief = bulkhead.callAsync(CompletableFuture::new, Duration.ofMillis(5));
        scheduler.advance(Duration.ofMillis(5));

        assertThat(failureOf(immediate)).isInstanceOf(BulkheadFullException.class);
        assertThat(failureOf(brief)).isInstanceOf(BulkheadFullException.class);
        assertThatThrownBy(() -> bulkhead.callAsync(CompletableFuture::new, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancellingAQueuedCallRemovesItFromTheQueue() {
        Bulkhead bulkhead = bulkhead(1, Duration.ofSeconds(1));
        CompletableFuture<String> first = new CompletableFuture<>();
        bulkhead.callAsync(() -> first);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<String> queued = bulkhead.callAsync(() -> {
            started.incrementAndGet();
            return new CompletableFuture<>();
        });

        queued.cancel(true);

        assertThat(bulkhead.stats().waiting()).isZero();
        assertThat(scheduler.pending()).as("its timer is cancelled").isZero();
        first.complete("first");
        assertThat(started).hasValue(0);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 1, 0));
    }

    @Test
    void cancellingARunningCallCancelsItsStageAndReleasesThePermit() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> result = bulkhead.callAsync(() -> work);

        result.cancel(true);

        assertThat(work).isCancelled();
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void theFailureOfTheStageArrivesUnwrapped() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        IOException boom = new IOException("boom");
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> result = bulkhead.callAsync(() -> work);

        work.completeExceptionally(boom);

        assertThat(failureOf(result)).isSameAs(boom);
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void aSupplierThatThrowsFailsTheFutureAndReleasesThePermit() throws Exception {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        IllegalStateException boom = new IllegalStateException("boom");

        CompletableFuture<String> result = bulkhead.callAsync(() -> {
            throw boom;
        });

        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class).hasCauseReference(boom);
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void aSupplierReturningNullFailsTheFutureAndReleasesThePermit() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);

        CompletableFuture<String> result = bulkhead.callAsync(() -> null);

        assertThat(failureOf(result)).isInstanceOf(NullPointerException.class);
        assertThat(bulkhead.stats().active()).isZero();
    }

    @Test
    void thePermitIsFreeWhenTheResultIsObserved() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        CompletableFuture<String> work = new CompletableFuture<>();
        List<Integer> activeSeen = new ArrayList<>();
        bulkhead.callAsync(() -> work).thenRun(() -> activeSeen.add(bulkhead.stats().active()));

        work.complete("x");

        assertThat(activeSeen).containsExactly(0);
    }

    @Test
    void resetRejectsQueuedAsyncCalls() {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        bulkhead.callAsync(CompletableFuture::new);
        CompletableFuture<Object> queued = bulkhead.callAsync(CompletableFuture::new);

        bulkhead.reset();

        assertThat(failureOf(queued)).isInstanceOf(BulkheadFullException.class);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 1, 1));
    }

    @Test
    void aLongQueueOfCallsThatCompleteAtOnceDrainsWithoutDeepRecursion() {
        Bulkhead bulkhead = bulkhead(1, Bulkhead.WAIT_FOREVER);
        CompletableFuture<Integer> first = new CompletableFuture<>();
        bulkhead.callAsync(() -> first);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 50_000; i++) {
            int n = i;
            queued.add(bulkhead.callAsync(() -> CompletableFuture.completedFuture(n)));
        }

        first.complete(-1);

        assertThat(queued).allSatisfy(f -> assertThat(f).isCompleted());
        assertThat(queued.get(49_999).join()).isEqualTo(49_999);
        assertThat(bulkhead.stats()).isEqualTo(new BulkheadStats(1, 0, 1, 0, 50_001, 0));
    }

    @Test
    void publishesPermittedAndFinishedForAsyncCalls() {
        Bulkhead bulkhead = bulkhead(1, Duration.ZERO);
        List<BulkheadEvent> events = new CopyOnWriteArrayList<>();
        bulkhead.events().subscribe(events::add);

        bulkhead.callAsync(() -> CompletableFuture.completedFuture("x")).join();

        assertThat(events).containsExactly(new BulkheadEvent.CallPermitted("inventory"),
                new BulkheadEvent.CallFinished("inventory"));
    }

    @Test
    void aSchedulerThatRefusesTheTimeoutFailsTheQueuedCallInsteadOfStrandingIt() {
        java.util.concurrent.RejectedExecutionException refused = new java.util.concurrent.RejectedExecutionException("shut down");
        Bulkhead bulkhead = Bulkhead.builder("b").maxConcurrent(1).maxWait(Duration.ofSeconds(1))
                .scheduler((task, delay) -> {
                    throw refused;
                }).build();
        bulkhead.callAsync(CompletableFuture::new);

        CompletableFuture<Object> queued = bulkhead.callAsync(CompletableFuture::new);

        assertThat(failureOf(queued)).isSameAs(refused);
        assertThat(bulkhead.stats().waiting()).isZero();
    }

    @Test
    void rejectsANullSupplier() {
        assertThatThrownBy(() -> bulkhead(1, Duration.ZERO).callAsync(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("supplier must not be null");
    }
}
