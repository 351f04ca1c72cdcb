package dev.resiliency.semaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.SemaphoreRejectedException;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sequences of acquires (queued or not, with or without timeout), completions, failures, cancellations,
 * timeouts and non-blocking acquires, run against a {@link WeightedSemaphore} and a plain FIFO model side by side.
 * After every step the semaphore must agree with the model: the same permits in use, the same queue, the same
 * calls started in the same (FIFO) order, consistent stats and events; at the end nothing is held, queued or
 * scheduled. Everything runs on the test thread (async calls with stages the test completes, timeouts on a
 * {@link FakeScheduler}), so every failure replays exactly from its seed.
 */
class WeightedSemaphoreProperties {

    @Property(tries = 300)
    void randomOperationSequencesNeverLeakNorReorder(@ForAll @IntRange(min = 1, max = 8) int max,
            @ForAll("operations") List<Op> operations) throws Exception {
        new Run(max).execute(operations);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> weight = Arbitraries.integers().between(1, 8);
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 20);
        Arbitrary<Integer> timeout = Arbitraries.integers().between(-1, 50); // -1 = none
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Combinators.combine(weight, timeout).as(AcquireAsync::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(index, Arbitraries.of(true, false)).as(Finish::new)),
                net.jqwik.api.Tuple.of(2, index.map(Cancel::new)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(1, 40).map(Advance::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(weight, Arbitraries.of(true, false)).as(TryAcquire::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(weight, Arbitraries.of(true, false)).as(AcquireNow::new)));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    sealed interface Op permits AcquireAsync, Finish, Cancel, Advance, TryAcquire, AcquireNow {
    }

    /** acquireAsync with a stage the test completes later; weights above max are clamped to max. */
    record AcquireAsync(int weight, int timeoutMillis) implements Op {
    }

    /** Completes (or fails) the n-th running call's stage, modulo the number running. */
    record Finish(int index, boolean succeed) implements Op {
    }

    /** Cancels the returned future of the n-th live call (queued or running), modulo the number live. */
    record Cancel(int index) implements Op {
    }

    /** Advances the fake clock; due timeouts fire. */
    record Advance(int millis) implements Op {
    }

    /** Blocking tryAcquire whose callable returns or throws. */
    record TryAcquire(int weight, boolean succeed) implements Op {
    }

    /** Blocking acquire with a zero timeout: runs at once or times out without queueing. */
    record AcquireNow(int weight, boolean succeed) implements Op {
    }

    private enum Phase { QUEUED, RUNNING, DONE }

    private static final class Call {
        final int id;
        final int weight;
        final long deadline; // Long.MAX_VALUE = no timeout
        final long enqueueSeq;
        Phase phase;
        CompletableFuture<String> result;
        CompletableFuture<String> stage;
        String expectedValue;
        Exception expectedFailure;
        boolean expectTimeout;
        boolean expectCancel;

        Call(int id, int weight, long deadline, long enqueueSeq) {
            this.id = id;
            this.weight = weight;
            this.deadline = deadline;
            this.enqueueSeq = enqueueSeq;
        }
    }

    private static final class Run {
        final int max;
        final FakeTicker ticker = new FakeTicker();
        final FakeScheduler scheduler = new FakeScheduler(ticker);
        final WeightedSemaphore semaphore;
        final List<Call> calls = new ArrayList<>();
        final List<Call> queue = new ArrayList<>(); // the model's FIFO queue
        final List<Integer> expectedStarts = new ArrayList<>();
        final List<Integer> actualStarts = new ArrayList<>();
        final AtomicInteger acquiredEvents = new AtomicInteger();
        final AtomicInteger releasedEvents = new AtomicInteger();
        final AtomicInteger rejectedEvents = new AtomicInteger();
        final AtomicInteger timedOutEvents = new AtomicInteger();
        int used;
        long permitted;
        long rejected;
        long timedOut;
        long finishedRuns;
        long seq;

        Run(int max) {
            this.max = max;
            this.semaphore = WeightedSemaphore.builder("prop").max(max).ticker(ticker).scheduler(scheduler).build();
            semaphore.events().subscribe(event -> {
                if (event instanceof SemaphoreEvent.Acquired) {
                    acquiredEvents.incrementAndGet();
                } else if (event instanceof SemaphoreEvent.Released) {
                    releasedEvents.incrementAndGet();
                } else if (event instanceof SemaphoreEvent.Rejected) {
                    rejectedEvents.incrementAndGet();
                } else if (event instanceof SemaphoreEvent.TimedOut) {
                    timedOutEvents.incrementAndGet();
                }
            });
        }

        void execute(List<Op> operations) throws Exception {
            for (Op op : operations) {
                apply(op);
                check();
            }
            // Wind down: cancel whatever is queued, complete whatever runs; nothing may be left behind.
            for (Call call : List.copyOf(calls)) {
                if (call.phase == Phase.QUEUED) {
                    cancel(call);
                    check();
                }
            }
            for (Call call : List.copyOf(calls)) {
                if (call.phase == Phase.RUNNING) {
                    finish(call, true);
                    check();
                }
            }
            assertThat(semaphore.current()).isZero();
            assertThat(semaphore.available()).isEqualTo(max);
            assertThat(semaphore.queueLength()).isZero();
            assertThat(scheduler.pending()).as("timers left behind").isZero();
            for (Call call : calls) {
                assertOutcome(call);
            }
        }

        void apply(Op op) throws Exception {
            if (op instanceof AcquireAsync a) {
                acquireAsync(Math.min(a.weight(), max), a.timeoutMillis());
            } else if (op instanceof Finish f) {
                List<Call> running = calls.stream().filter(c -> c.phase == Phase.RUNNING).toList();
                if (!running.isEmpty()) {
                    finish(running.get(f.index() % running.size()), f.succeed());
                }
            } else if (op instanceof Cancel c) {
                List<Call> live = calls.stream().filter(x -> x.phase != Phase.DONE).toList();
                if (!live.isEmpty()) {
                    cancel(live.get(c.index() % live.size()));
                }
            } else if (op instanceof Advance a) {
                advance(a.millis());
            } else if (op instanceof TryAcquire t) {
                runNow(Math.min(t.weight(), max), t.succeed(), false);
            } else if (op instanceof AcquireNow n) {
                runNow(Math.min(n.weight(), max), n.succeed(), true);
            }
        }

        void acquireAsync(int weight, int timeoutMillis) {
            long deadline = timeoutMillis < 0 ? Long.MAX_VALUE : ticker.read() + Duration.ofMillis(timeoutMillis).toNanos();
            Call call = new Call(calls.size(), weight, deadline, seq++);
            calls.add(call);
            // The model first, so that the supplier can compare what the semaphore does with what it expects.
            boolean admitted = queue.isEmpty() && used + weight <= max;
            if (admitted) {
                start(call);
            } else if (timeoutMillis == 0) {
                call.phase = Phase.DONE;
                call.expectTimeout = true;
                timedOut++;
            } else {
                call.phase = Phase.QUEUED;
                queue.add(call);
            }
            java.util.function.Supplier<CompletableFuture<String>> supplier = () -> {
                actualStarts.add(call.id);
                assertThat(semaphore.current()).as("permits held when call %d starts", call.id)
                        .isGreaterThanOrEqualTo(call.weight);
                call.stage = new CompletableFuture<>();
                return call.stage;
            };
            call.result = timeoutMillis < 0 ? semaphore.acquireAsync(weight, supplier)
                    : semaphore.acquireAsync(weight, supplier, Duration.ofMillis(timeoutMillis));
        }

        /** Model: the call gets its permits and its supplier runs. */
        void start(Call call) {
            used += call.weight;
            permitted++;
            call.phase = Phase.RUNNING;
            expectedStarts.add(call.id);
        }

        void drain() {
            while (!queue.isEmpty() && used + queue.get(0).weight <= max) {
                start(queue.remove(0));
            }
        }

        void finish(Call call, boolean succeed) {
            call.phase = Phase.DONE;
            used -= call.weight;
            finishedRuns++;
            drain();
            if (succeed) {
                call.expectedValue = "value-" + call.id;
                call.stage.complete(call.expectedValue);
            } else {
                call.expectedFailure = new Exception("failure-" + call.id);
                call.stage.completeExceptionally(call.expectedFailure);
            }
        }

        void cancel(Call call) {
            if (call.phase == Phase.QUEUED) {
                boolean wasHead = queue.get(0) == call;
                queue.remove(call);
                if (wasHead) {
                    drain();
                }
            } else { // running: the semaphore cancels the stage, which gives the permits back
                used -= call.weight;
                finishedRuns++;
                drain();
            }
            call.phase = Phase.DONE;
            call.expectCancel = true;
            call.result.cancel(true);
        }

        void advance(int millis) {
            long target = ticker.read() + Duration.ofMillis(millis).toNanos();
            // Timers fire in due order (ties in scheduling order); one that fires after its call was granted is a no-op.
            List<Call> due = calls.stream().filter(c -> c.phase == Phase.QUEUED && c.deadline <= target)
                    .sorted(Comparator.comparingLong((Call c) -> c.deadline).thenComparingLong(c -> c.enqueueSeq))
                    .toList();
            for (Call call : due) {
                if (call.phase != Phase.QUEUED) {
                    continue; // granted by an earlier expiry that unblocked the head
                }
                boolean wasHead = queue.get(0) == call;
                queue.remove(call);
                call.phase = Phase.DONE;
                call.expectTimeout = true;
                timedOut++;
                if (wasHead) {
                    drain();
                }
            }
            scheduler.advance(Duration.ofMillis(millis));
        }

        void runNow(int weight, boolean succeed, boolean zeroTimeoutAcquire) throws Exception {
            boolean admitted = queue.isEmpty() && used + weight <= max;
            Exception failure = new IllegalStateException("sync failure");
            java.util.concurrent.Callable<String> callable = () -> {
                assertThat(semaphore.current()).isEqualTo(used + weight);
                if (!succeed) {
                    throw failure;
                }
                return "sync";
            };
            if (admitted) {
                permitted++;
                finishedRuns++;
                if (succeed) {
                    assertThat(invoke(weight, callable, zeroTimeoutAcquire)).isEqualTo("sync");
                } else {
                    assertThatThrownBy(() -> invoke(weight, callable, zeroTimeoutAcquire)).isSameAs(failure);
                }
            } else if (zeroTimeoutAcquire) {
                timedOut++;
                assertThatThrownBy(() -> invoke(weight, callable, true)).isInstanceOf(ResiliencyTimeoutException.class);
            } else {
                rejected++;
                assertThatThrownBy(() -> invoke(weight, callable, false)).isInstanceOf(SemaphoreRejectedException.class);
            }
        }

        String invoke(int weight, java.util.concurrent.Callable<String> callable, boolean zeroTimeoutAcquire)
                throws Exception {
            return zeroTimeoutAcquire ? semaphore.acquire(weight, callable, Duration.ZERO)
                    : semaphore.tryAcquire(weight, callable);
        }

        void check() {
            assertThat(semaphore.current()).as("permits in use").isEqualTo(used);
            assertThat(semaphore.available()).isEqualTo(max - used);
            assertThat(semaphore.queueLength()).as("queue length").isEqualTo(queue.size());
            assertThat(actualStarts).as("start order (FIFO)").isEqualTo(expectedStarts);
            WeightedSemaphoreStats stats = semaphore.stats();
            assertThat(stats.used()).isEqualTo(used);
            assertThat(stats.queueLength()).isEqualTo(queue.size());
            assertThat(stats.permitted()).as("permitted").isEqualTo(permitted);
            assertThat(stats.rejected()).as("rejected").isEqualTo(rejected);
            assertThat(stats.timedOut()).as("timed out").isEqualTo(timedOut);
            assertThat(acquiredEvents.get()).isEqualTo(permitted);
            assertThat(releasedEvents.get()).isEqualTo(finishedRuns);
            assertThat(rejectedEvents.get()).isEqualTo(rejected);
            assertThat(timedOutEvents.get()).isEqualTo(timedOut);
            for (Call call : calls) {
                if (call.phase == Phase.DONE) {
                    assertOutcome(call);
                } else {
                    assertThat(call.result).as("call %d still pending", call.id).isNotDone();
                }
            }
        }

        void assertOutcome(Call call) {
            assertThat(call.result).isDone();
            if (call.expectCancel) {
                assertThat(call.result).isCancelled();
                if (call.stage != null) {
                    assertThat(call.stage).as("stage of cancelled call %d", call.id).isDone();
                }
            } else if (call.expectTimeout) {
                assertThat(call.stage).as("a timed-out call never starts").isNull();
                assertThatThrownBy(call.result::get).isInstanceOf(ExecutionException.class)
                        .hasCauseInstanceOf(ResiliencyTimeoutException.class);
            } else if (call.expectedFailure != null) {
                assertThatThrownBy(call.result::get).isInstanceOf(ExecutionException.class)
                        .cause().isSameAs(call.expectedFailure);
            } else {
                assertThat(call.result.getNow("not done")).isEqualTo(call.expectedValue);
            }
            if (call.expectCancel && call.result.isCancelled()) {
                assertThatThrownBy(call.result::join).isInstanceOf(CancellationException.class);
            }
        }
    }
}
