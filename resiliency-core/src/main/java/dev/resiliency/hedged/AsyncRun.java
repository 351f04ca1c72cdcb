package dev.resiliency.hedged;

import dev.resiliency.internal.Futures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The non-blocking driver. Copies are the supplier's stages; the hedge timer and the deadline are
 * {@link dev.resiliency.Scheduler} timers; nothing ever blocks.
 *
 * <p>Events (start, a copy's outcome, a timer, the caller abandoning the future) arrive from any thread. Rather than
 * guard the run's state with a lock, every event goes through a queue drained by one thread at a time (the
 * "work-in-progress counter" pattern): whoever raises the counter from 0 drains, the others only enqueue. The run's
 * state is therefore confined to the draining thread, exactly like the reference runner's single process, and the
 * user's callbacks ({@code onHedge}, {@code nonFatal}, the supplier) never run concurrently for one call. An event
 * raised while draining (a copy that completes inside the supplier, a cancelled copy's callback) is queued, not
 * handled re-entrantly.
 *
 * <p>Timers only hand their event to the executor: the scheduler's single thread must stay free, and cancelling
 * copies or completing the caller's future runs user callbacks.
 */
final class AsyncRun<T> extends HedgeRun {

    private static final Object START = new Object();
    private static final Object DEADLINE = new Object();
    private static final Object ABANDONED = new Object();

    private final Supplier<? extends CompletionStage<T>> supplier;
    private final CompletableFuture<T> result = new CompletableFuture<>();
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private final AtomicInteger wip = new AtomicInteger();

    // Confined to the draining thread.
    private final List<CompletableFuture<T>> copies = new ArrayList<>(2);
    private Future<?> hedgeTimer;
    private Future<?> deadlineTimer;
    private int timerGeneration;
    private boolean finished;

    AsyncRun(Hedged owner, Supplier<? extends CompletionStage<T>> supplier) {
        super(owner);
        this.supplier = supplier;
    }

    CompletableFuture<T> start() {
        // The caller cancelling (or completing) the returned future must release everything the call holds.
        result.whenComplete((value, failure) -> signal(ABANDONED));
        signal(START);
        return result;
    }

    @Override
    void spawn(int index) {
        CompletableFuture<T> copy = Futures.invoke(supplier);
        copies.add(copy);
        copy.whenComplete((value, failure) -> signal(new Outcome<>(index, value, failure)));
    }

    private void signal(Object event) {
        inbox.offer(event);
        if (wip.getAndIncrement() != 0) {
            return; // the thread draining now will see it
        }
        int missed = 1;
        while (true) {
            Object next;
            while ((next = inbox.poll()) != null) {
                handle(next);
            }
            missed = wip.addAndGet(-missed);
            if (missed == 0) {
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void handle(Object event) {
        if (finished) {
            return; // late outcomes of losers, stale timers: discarded
        }
        try {
            if (event == START) {
                deadlineTimer = owner.scheduler.schedule(() -> hop(DEADLINE), owner.timeout());
                startOriginal();
                rearm();
            } else if (event == ABANDONED) {
                finished = true;
                cleanUp(); // the caller gave up: not recorded
            } else if (event == DEADLINE) {
                fail(timeout());
            } else if (event instanceof Tick tick) {
                if (tick.generation == timerGeneration) {
                    hedgeTimer = null;
                    if (hedgesLeft()) {
                        fireNext();
                    }
                    rearm();
                }
            } else {
                onOutcome((Outcome<T>) event);
            }
        } catch (Throwable failure) {
            // A timeout raised when firing past the deadline, or onHedge/nonFatal throwing (Q13): cancel all, fail.
            if (!finished) {
                fail(failure);
            }
        }
    }

    private void onOutcome(Outcome<T> outcome) {
        if (outcome.failure == null) {
            finished = true;
            cleanUp();
            finish(true, outcome.index);
            result.complete(outcome.value);
            return;
        }
        Throwable end = onFailure(Futures.unwrap(outcome.failure));
        if (end != null) {
            fail(end);
        } else {
            rearm(); // the delay restarts after every event
        }
    }

    /** Restarts the hedge delay; with a zero delay fires every remaining copy at once instead. */
    private void rearm() {
        cancelHedgeTimer();
        if (delayNanos == 0) {
            while (hedgesLeft()) {
                fireNext();
            }
            return;
        }
        if (hedgesLeft()) {
            Tick tick = new Tick(++timerGeneration);
            hedgeTimer = owner.scheduler.schedule(() -> hop(tick), Duration.ofNanos(delayNanos));
        }
    }

    private void fail(Throwable failure) {
        finished = true;
        cleanUp();
        finish(false, -1);
        result.completeExceptionally(failure);
    }

    private void cleanUp() {
        cancelHedgeTimer();
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
        for (CompletableFuture<T> copy : copies) {
            if (!copy.isDone()) {
                copy.cancel(true);
            }
        }
    }

    private void cancelHedgeTimer() {
        if (hedgeTimer != null) {
            hedgeTimer.cancel(false);
            hedgeTimer = null;
        }
        timerGeneration++; // a timer already fired and queued becomes stale
    }

    private void hop(Object event) {
        try {
            owner.executor.execute(() -> signal(event));
        } catch (RejectedExecutionException rejected) {
            signal(event);
        }
    }

    private record Outcome<T>(int index, T value, Throwable failure) {
    }

    private record Tick(int generation) {
    }
}
