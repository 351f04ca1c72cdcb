package dev.resiliency.semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Behaviours the mutation run showed no test pinned down: the queue's admission edge and the async start races. */
class SemaphoreMutationKillersTest {

    private static final class Probe extends Waiter {
        Probe(int weight) {
            super(weight);
        }

        @Override
        void granted() {
        }
    }

    @Test
    void aCallerThatReachesTheQueueWhenPermitsJustFreedUpIsAdmittedAtOnce() {
        Permits permits = new Permits(4);
        assertThat(permits.tryAcquire(1)).isTrue();
        Probe exactFit = new Probe(3);
        assertThat(permits.acquireOrEnqueue(exactFit)).isEqualTo(Permits.ADMITTED);
        assertThat(permits.used()).isEqualTo(4);
        assertThat(permits.waiters()).isZero();
        assertThat(exactFit.state).isEqualTo(Waiter.NEW);
    }

    @Test
    void aCallerThatDoesNotFitIsQueuedWithoutTakingPermits() {
        Permits permits = new Permits(4);
        assertThat(permits.tryAcquire(3)).isTrue();
        Probe tooBig = new Probe(2);
        assertThat(permits.acquireOrEnqueue(tooBig)).isEqualTo(Permits.QUEUED);
        assertThat(permits.used()).isEqualTo(3);
        assertThat(permits.waiters()).isOne();
        assertThat(tooBig.state).isEqualTo(Waiter.QUEUED);
        permits.release(3);
        assertThat(tooBig.state).isEqualTo(Waiter.GRANTED);
        assertThat(permits.used()).isEqualTo(2);
        assertThat(permits.waiters()).isZero();
    }

    @Test
    void abandoningAWaiterThatNeverQueuedOrWasGrantedReportsFalse() {
        Permits permits = new Permits(1);
        assertThat(permits.abandon(new Probe(1))).isFalse();
        assertThat(permits.tryAcquire(1)).isTrue();
        Probe waiter = new Probe(1);
        permits.acquireOrEnqueue(waiter);
        permits.release(1);
        assertThat(permits.abandon(waiter)).isFalse();
        assertThat(permits.used()).isOne();
    }

    @Test
    void grantingAQueuedAsyncCallCancelsItsTimeoutTimer() {
        FakeTicker ticker = new FakeTicker();
        FakeScheduler scheduler = new FakeScheduler(ticker);
        WeightedSemaphore semaphore = WeightedSemaphore.builder("s").max(1).ticker(ticker).scheduler(scheduler).build();
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(1, () -> holder);
        CompletableFuture<String> waiter = semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture("ran"),
                Duration.ofSeconds(1));
        assertThat(scheduler.pending()).isOne();
        holder.complete("done");
        assertThat(waiter).isCompletedWithValue("ran");
        assertThat(scheduler.pending()).as("the timer of a granted call").isZero();
    }

    @Test
    void aCallCancelledWhileItsSupplierRunsHasItsStageCancelledAndItsPermitsBack() {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("s").max(1).build();
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(1, () -> holder);
        AtomicReference<CompletableFuture<String>> result = new AtomicReference<>();
        CompletableFuture<String> stage = new CompletableFuture<>();
        result.set(semaphore.acquireAsync(1, () -> {
            result.get().cancel(true); // the caller gives up while the supplier is starting the work
            return stage;
        }));
        holder.complete("done");
        assertThat(result.get()).isCancelled();
        assertThat(stage).as("the work the cancelled call started").isCancelled();
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void anInterruptedWaiterKeepsItsInterruptFlag() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("s").max(1).build();
        try (Threads threads = new Threads()) {
            CountDownLatch release = new CountDownLatch(1);
            threads.hold(semaphore, 1, release);
            AtomicBoolean flagAfterwards = new AtomicBoolean();
            Thread[] waiter = new Thread[1];
            CountDownLatch started = new CountDownLatch(1);
            Future<Object> outcome = threads.start(() -> {
                waiter[0] = Thread.currentThread();
                started.countDown();
                try {
                    return semaphore.acquire(1, () -> "ran");
                } catch (InterruptedException e) {
                    flagAfterwards.set(Thread.currentThread().isInterrupted());
                    return e;
                }
            });
            started.await();
            Threads.until(() -> semaphore.queueLength() == 1);
            waiter[0].interrupt();
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
            assertThat(flagAfterwards).isTrue();
            assertThat(semaphore.queueLength()).isZero();
            release.countDown();
        }
    }

    @Test
    void aCallerInterruptedBeforeItWouldWaitThrowsWithoutQueueing() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("s").max(1).build();
        CompletableFuture<String> holder = new CompletableFuture<>();
        semaphore.acquireAsync(1, () -> holder);
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(() -> semaphore.acquire(1, () -> "ran")).isInstanceOf(InterruptedException.class);
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
        assertThat(semaphore.queueLength()).isZero();
        holder.complete("done");
        assertThat(semaphore.current()).isZero();
    }

    @Test
    void anErrorThrownByAnEventListenerAtAnAsyncGrantNeverLeaksPermitsNorStrandsTheOthers() {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("s").max(1).build();
        CompletableFuture<String> holderStage = new CompletableFuture<>();
        CompletableFuture<String> holder = semaphore.acquireAsync(1, () -> holderStage);
        CompletableFuture<String> first = semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture("first"));
        CompletableFuture<String> second = semaphore.acquireAsync(1, () -> CompletableFuture.completedFuture("second"));
        // A VirtualMachineError: the one kind of listener failure EventPublisher lets through.
        StackOverflowError listenerBug = new StackOverflowError("listener bug");
        AtomicBoolean thrown = new AtomicBoolean();
        semaphore.events().subscribe(event -> {
            if (event instanceof SemaphoreEvent.Acquired && thrown.compareAndSet(false, true)) {
                throw listenerBug;
            }
        });

        holderStage.complete("done");

        assertThat(holder).isCompletedWithValue("done");
        assertThat(first).isCompletedExceptionally();
        assertThatThrownBy(first::join).hasCause(listenerBug);
        assertThat(second).isCompletedWithValue("second");
        assertThat(semaphore.current()).isZero();
        assertThat(semaphore.queueLength()).isZero();
    }

    @Test
    void anErrorThrownByAnEventListenerAtTheReleaseStillCompletesTheCall() {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("s").max(1).build();
        semaphore.events().subscribe(event -> {
            if (event instanceof SemaphoreEvent.Released) {
                throw new StackOverflowError("listener bug"); // the kind EventPublisher lets through
            }
        });
        CompletableFuture<String> stage = new CompletableFuture<>();
        CompletableFuture<String> call = semaphore.acquireAsync(1, () -> stage);
        stage.complete("value");
        assertThat(call).isCompletedWithValue("value");
        assertThat(semaphore.current()).isZero();
    }
}
