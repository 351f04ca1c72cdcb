package dev.resiliency.semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.internal.Futures;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WeightedSemaphoreAsyncTest {

    private final FakeTicker ticker = new FakeTicker();
    private final FakeScheduler scheduler = new FakeScheduler(ticker);

    private WeightedSemaphore semaphore(int max) {
        return WeightedSemaphore.builder("ws").max(max).ticker(ticker).scheduler(scheduler).build();
    }

    @Test
    void runsAtOnceWhenFreeAndReleasesWhenTheStageCompletes() {
        WeightedSemaphore semaphore = semaphore(10);
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> result = semaphore.acquireAsync(4, () -> work);
        assertThat(semaphore.current()).isEqualTo(4);
        assertThat(result).isNotDone();
        work.complete("done");
        assertThat(result).isCompletedWithValue("done");
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void queuedCallStartsWhenThePermitsAreFreedAndNotBefore() {
        WeightedSemaphore semaphore = semaphore(10);
        CompletableFuture<String> first = new CompletableFuture<>();
        semaphore.acquireAsync(6, () -> first);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<String> second = semaphore.acquireAsync(6, () -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("second");
        });
        assertThat(started).hasValue(0);
        assertThat(semaphore.queueLength()).isEqualTo(1);

        first.complete("first");

        assertThat(started).hasValue(1);
        assertThat(second).isCompletedWithValue("second");
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void failureArrivesUnwrappedAsTheSameInstance() {
        WeightedSemaphore semaphore = semaphore(1);
        IOException boom = new IOException("boom");
        CompletableFuture<String> result = semaphore.acquireAsync(1, () -> CompletableFuture.supplyAsync(() -> {
            throw Futures.sneakyThrow(boom);
        }));
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).cause().isSameAs(boom);
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void supplierThatThrowsOrReturnsNullFailsTheFutureAndReleases() {
        WeightedSemaphore semaphore = semaphore(1);
        IllegalStateException boom = new IllegalStateException("boom");
        CompletableFuture<String> thrown = semaphore.acquireAsync(1, () -> {
            throw boom;
        });
        CompletableFuture<String> nothing = semaphore.acquireAsync(1, () -> null);
        assertThatThrownBy(thrown::join).cause().isSameAs(boom);
        assertThatThrownBy(nothing::join).cause().isInstanceOf(NullPointerException.class);
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void timeoutFiresOnTheSchedulerAndTheNextWaiterIsServed() {
        WeightedSemaphore semaphore = semaphore(10);
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(5, () -> holder);
        AtomicInteger eightStarted = new AtomicInteger();
        CompletableFuture<String> eight = semaphore.acquireAsync(8, () -> {
            eightStarted.incrementAndGet();
            return CompletableFuture.completedFuture("8");
        }, Duration.ofMillis(100));
        CompletableFuture<String> two = semaphore.acquireAsync(2, () -> CompletableFuture.completedFuture("2"));
        assertThat(semaphore.queueLength()).isEqualTo(2);

        scheduler.advance(Duration.ofMillis(99));
        assertThat(eight).isNotDone();
        scheduler.advance(Duration.ofMillis(1));

        assertThatThrownBy(eight::join).cause().isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(two).isCompletedWithValue("2");
        assertThat(eightStarted).hasValue(0);
        assertThat(semaphore.stats().timedOut()).isEqualTo(1);
        holder.complete("h");
        assertThat(semaphore.current()).isZero();
        assertThat(semaphore.queueLength()).isZero();
    }

    @Test
    void timerIsCancelledOnceTheCallIsGranted() {
        WeightedSemaphore semaphore = semaphore(1);
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(1, () -> holder);
        CompletableFuture<String> waiter = semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture("w"),
                Duration.ofSeconds(1));
        assertThat(scheduler.pending()).isEqualTo(1);
        holder.complete("h");
        assertThat(waiter).isCompletedWithValue("w");
        assertThat(scheduler.pending()).isZero();
        scheduler.runAll();
        assertThat(semaphore.stats().timedOut()).isZero();
    }

    @Test
    void zeroTimeoutFailsAtOnceWhenBusy() {
        WeightedSemaphore semaphore = semaphore(1);
        semaphore.acquireAsync(1, CompletableFuture::new);
        CompletableFuture<String> result = semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture("x"),
                Duration.ZERO);
        assertThatThrownBy(result::join).cause().isInstanceOf(ResiliencyTimeoutException.class);
        assertThat(semaphore.queueLength()).isZero();
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void cancellingAQueuedCallLeavesTheQueueAndLetsTheNextOneIn() {
        WeightedSemaphore semaphore = semaphore(10);
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(5, () -> holder);
        AtomicInteger started = new AtomicInteger();
        CompletableFuture<String> eight = semaphore.acquireAsync(8, () -> {
            started.incrementAndGet();
            return new CompletableFuture<>();
        }, Duration.ofSeconds(1));
        CompletableFuture<String> one = semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture("1"));

        eight.cancel(true);

        assertThat(one).isCompletedWithValue("1");
        assertThat(started).hasValue(0);
        assertThat(semaphore.queueLength()).isZero();
        assertThat(scheduler.pending()).isZero();
        holder.complete("h");
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void completingTheReturnedFutureEarlyAlsoLeavesTheQueue() {
        WeightedSemaphore semaphore = semaphore(1);
        semaphore.acquireAsync(1, CompletableFuture::new);
        CompletableFuture<String> waiter = semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture("x"));
        waiter.completeExceptionally(new IllegalStateException("gave up")); // e.g. orTimeout
        assertThat(semaphore.queueLength()).isZero();
    }

    @Test
    void cancellingARunningCallCancelsItsStageAndReleases() {
        WeightedSemaphore semaphore = semaphore(3);
        CompletableFuture<String> work = new CompletableFuture<>();
        CompletableFuture<String> result = semaphore.acquireAsync(3, () -> work);
        result.cancel(true);
        assertThat(work).isCancelled();
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void asyncAndBlockingCallersShareOneFifoQueue() throws Exception {
        WeightedSemaphore semaphore = semaphore(2);
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(2, () -> holder);
        List<String> order = new CopyOnWriteArrayList<>();
        try (Threads threads = new Threads()) {
            var blocking = threads.start(() -> semaphore.acquire(2, () -> order.add("blocking")));
            Threads.until(() -> semaphore.queueLength() == 1);
            CompletableFuture<Boolean> async = semaphore.acquireAsync(1,
                    () -> CompletableFuture.completedFuture(order.add("async")));
            assertThat(semaphore.queueLength()).isEqualTo(2);
            holder.complete("h");
            blocking.get(5, TimeUnit.SECONDS);
            assertThat(async.get(5, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(order).containsExactly("blocking", "async");
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void longQueueOfSynchronouslyCompletingCallsDoesNotRecurse() {
        WeightedSemaphore semaphore = semaphore(1);
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(1, () -> holder);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            int n = i;
            queued.add(semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture(n)));
        }
        holder.complete("go");
        assertThat(queued).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(queued.get(99_999).join()).isEqualTo(99_999);
        assertThat(semaphore.current()).isZero();
        assertThat(semaphore.stats().permitted()).isEqualTo(100_001);
    }

    @Test
    void cancellationRacingTheGrantNeverLeaksPermits() throws Exception {
        WeightedSemaphore semaphore = semaphore(1);
        CyclicBarrier barrier = new CyclicBarrier(2);
        try (Threads threads = new Threads()) {
            for (int round = 0; round < 2_000; round++) {
                CompletableFuture<String> holder = new CompletableFuture<>();
                semaphore.acquireAsync(1, () -> holder);
                CompletableFuture<String> waiter = semaphore.acquireAsync(1, CompletableFuture::new);
                var canceller = threads.start(() -> {
                    barrier.await();
                    return waiter.cancel(true);
                });
                barrier.await();
                holder.complete("h");
                canceller.get(5, TimeUnit.SECONDS);
                assertThat(waiter).isCancelled();
                assertThat(semaphore.current()).as("round %d", round).isZero();
                assertThat(semaphore.queueLength()).isZero();
            }
        }
    }

    @Test
    void timeoutRacingTheGrantNeverLeaksPermits() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("ws").max(1).build(); // real scheduler
        for (int round = 0; round < 500; round++) {
            CompletableFuture<String> holder = new CompletableFuture<>();
            semaphore.acquireAsync(1, () -> holder);
            CompletableFuture<String> waiter = semaphore.acquireAsync(1,
                    () -> CompletableFuture.completedFuture("ran"), Duration.ofNanos(round * 1_000L));
            holder.complete("h");
            try {
                assertThat(waiter.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ResiliencyTimeoutException.class);
            }
            assertThat(semaphore.current()).isZero();
            assertThat(semaphore.queueLength()).isZero();
        }
        var stats = semaphore.stats();
        assertThat(stats.permitted() + stats.timedOut()).isEqualTo(1_000);
    }

    @Test
    void cancelledWaiterIsNotCountedAsPermittedOrTimedOut() {
        WeightedSemaphore semaphore = semaphore(1);
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(1, () -> holder);
        semaphore.acquireAsync(1, CompletableFuture::new).cancel(false);
        holder.complete("h");
        assertThat(semaphore.stats()).isEqualTo(new WeightedSemaphoreStats(1, 0, 1, 0, 1, 0, 0));
    }
}
