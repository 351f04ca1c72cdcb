package dev.resiliency.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.testing.FakeScheduler;
import dev.resiliency.testing.FakeTicker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Random sequences of async calls (waiting forever, for a while, or not at all), completions, failures,
 * cancellations, timeouts and blocking calls, run against a {@link Bulkhead} and a plain FIFO model side by side.
 * After every step both agree on the permits held, the queue, which calls started and in which order, and the
 * stats and events; at the end nothing is held, queued or scheduled. All on the test thread, on a fake clock.
 */
class BulkheadProperties {

    @Property(tries = 300)
    void randomOperationSequencesNeverLeakNorReorder(@ForAll @IntRange(min = 0, max = 4) int maxConcurrent,
            @ForAll("operations") List<Op> operations) throws Exception {
        new Run(maxConcurrent).execute(operations);
    }

    @Provide
    Arbitrary<List<Op>> operations() {
        Arbitrary<Integer> index = Arbitraries.integers().between(0, 20);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.integers().between(-1, 50).map(CallAsync::new)),
                Tuple.of(3, Combinators.combine(index, Arbitraries.of(true, false)).as(Finish::new)),
                Tuple.of(2, index.map(Cancel::new)),
                Tuple.of(2, Arbitraries.integers().between(1, 40).map(Advance::new)),
                Tuple.of(2, Arbitraries.of(true, false).map(CallNow::new)));
        return op.list().ofMinSize(1).ofMaxSize(40);
    }

    sealed interface Op permits CallAsync, Finish, Cancel, Advance, CallNow {
    }

    /** callAsync with a stage the test completes later; maxWait in ms, -1 = forever. */
    record CallAsync(int maxWaitMillis) implements Op {
    }

    record Finish(int index, boolean succeed) implements Op {
    }

    record Cancel(int index) implements Op {
    }

    record Advance(int millis) implements Op {
    }

    /** A blocking call that never waits (maxWait 0), returning or throwing. */
    record CallNow(boolean succeed) implements Op {
    }

    private enum Phase { QUEUED, RUNNING, DONE }

    private static final class Call {
        final int id;
        final long deadline;
        final long seq;
        Phase phase;
        CompletableFuture<String> result;
        CompletableFuture<String> stage;
        String expectedValue;
        Exception expectedFailure;
        boolean expectRejected;
        boolean expectCancel;

        Call(int id, long deadline, long seq) {
            this.id = id;
            this.deadline = deadline;
            this.seq = seq;
        }
    }

    private static final class Run {
        final int max;
        final FakeTicker ticker = new FakeTicker();
        final FakeScheduler scheduler = new FakeScheduler(ticker);
        final Bulkhead bulkhead;
        final List<Call> calls = new ArrayList<>();
        final List<Call> queue = new ArrayList<>();
        final List<Integer> expectedStarts = new ArrayList<>();
        final List<Integer> actualStarts = new ArrayList<>();
        final AtomicInteger permittedEvents = new AtomicInteger();
        final AtomicInteger rejectedEvents = new AtomicInteger();
        final AtomicInteger finishedEvents = new AtomicInteger();
        int active;
        long permitted;
        long rejected;
        long finished;
        long seq;

        Run(int max) {
            this.max = max;
            this.bulkhead = Bulkhead.builder("prop").maxConcurrent(max).ticker(ticker).scheduler(scheduler).build();
            bulkhead.events().subscribe(event -> {
                if (event instanceof BulkheadEvent.CallPermitted) {
                    permittedEvents.incrementAndGet();
                } else if (event instanceof BulkheadEvent.CallRejected) {
                    rejectedEvents.incrementAndGet();
                } else if (event instanceof BulkheadEvent.CallFinished) {
                    finishedEvents.incrementAndGet();
                }
            });
        }

        void execute(List<Op> operations) throws Exception {
            for (Op op : operations) {
                apply(op);
                check();
            }
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
            assertThat(bulkhead.stats().active()).isZero();
            assertThat(bulkhead.stats().waiting()).isZero();
            assertThat(scheduler.pending()).as("timers left behind").isZero();
        }

        void apply(Op op) throws Exception {
            if (op instanceof CallAsync a) {
                callAsync(a.maxWaitMillis());
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
            } else if (op instanceof CallNow n) {
                callNow(n.succeed());
            }
        }

        void callAsync(int maxWaitMillis) {
            long deadline = maxWaitMillis < 0 ? Long.MAX_VALUE : ticker.read() + Duration.ofMillis(maxWaitMillis).toNanos();
            Call call = new Call(calls.size(), deadline, seq++);
            calls.add(call);
            if (queue.isEmpty() && active < max) {
                start(call);
            } else if (maxWaitMillis == 0 || max == 0) {
                call.phase = Phase.DONE;
                call.expectRejected = true;
                rejected++;
            } else {
                call.phase = Phase.QUEUED;
                queue.add(call);
            }
            Supplier<CompletableFuture<String>> supplier = () -> {
                actualStarts.add(call.id);
                call.stage = new CompletableFuture<>();
                return call.stage;
            };
            call.result = bulkhead.callAsync(supplier,
                    maxWaitMillis < 0 ? Bulkhead.WAIT_FOREVER : Duration.ofMillis(maxWaitMillis));
        }

        void start(Call call) {
            active++;
            permitted++;
            call.phase = Phase.RUNNING;
            expectedStarts.add(call.id);
        }

        /** A permit given back goes straight to the head of the queue. */
        void freed() {
            active--;
            finished++;
            if (!queue.isEmpty()) {
                start(queue.remove(0));
            }
        }

        void finish(Call call, boolean succeed) {
            call.phase = Phase.DONE;
            freed();
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
                queue.remove(call);
            } else {
                freed();
            }
            call.phase = Phase.DONE;
            call.expectCancel = true;
            call.result.cancel(true);
        }

        void advance(int millis) {
            long target = ticker.read() + Duration.ofMillis(millis).toNanos();
            calls.stream().filter(c -> c.phase == Phase.QUEUED && c.deadline <= target)
                    .sorted(Comparator.comparingLong((Call c) -> c.deadline).thenComparingLong(c -> c.seq))
                    .forEach(call -> {
                        queue.remove(call);
                        call.phase = Phase.DONE;
                        call.expectRejected = true;
                        rejected++;
                    });
            scheduler.advance(Duration.ofMillis(millis));
        }

        void callNow(boolean succeed) throws Exception {
            Exception failure = new IllegalStateException("sync failure");
            boolean admitted = queue.isEmpty() && active < max;
            java.util.concurrent.Callable<String> callable = () -> {
                assertThat(bulkhead.stats().active()).isEqualTo(active + 1);
                if (!succeed) {
                    throw failure;
                }
                return "sync";
            };
            if (admitted) {
                permitted++;
                finished++;
                if (succeed) {
                    assertThat(bulkhead.call(callable, Duration.ZERO)).isEqualTo("sync");
                } else {
                    assertThatThrownBy(() -> bulkhead.call(callable, Duration.ZERO)).isSameAs(failure);
                }
            } else {
                rejected++;
                assertThatThrownBy(() -> bulkhead.call(callable, Duration.ZERO))
                        .isInstanceOf(BulkheadFullException.class);
            }
        }

        void check() throws Exception {
            BulkheadStats stats = bulkhead.stats();
            assertThat(stats.active()).as("active").isEqualTo(active);
            assertThat(stats.available()).isEqualTo(max - active);
            assertThat(stats.waiting()).as("waiting").isEqualTo(queue.size());
            assertThat(stats.permitted()).as("permitted").isEqualTo(permitted);
            assertThat(stats.rejected()).as("rejected").isEqualTo(rejected);
            assertThat(actualStarts).as("start order (FIFO)").isEqualTo(expectedStarts);
            assertThat(permittedEvents.get()).isEqualTo(permitted);
            assertThat(rejectedEvents.get()).isEqualTo(rejected);
            assertThat(finishedEvents.get()).isEqualTo(finished);
            for (Call call : calls) {
                if (call.phase != Phase.DONE) {
                    assertThat(call.result).as("call %d pending", call.id).isNotDone();
                    continue;
                }
                assertThat(call.result).isDone();
                if (call.expectCancel) {
                    assertThat(call.result).isCancelled();
                    if (call.stage != null) {
                        assertThat(call.stage).isDone();
                    }
                } else if (call.expectRejected) {
                    assertThat(call.stage).isNull();
                    assertThatThrownBy(call.result::get).isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(BulkheadFullException.class);
                } else if (call.expectedFailure != null) {
                    assertThatThrownBy(call.result::get).cause().isSameAs(call.expectedFailure);
                } else {
                    assertThat(call.result.get()).isEqualTo(call.expectedValue);
                }
            }
        }
    }
}
