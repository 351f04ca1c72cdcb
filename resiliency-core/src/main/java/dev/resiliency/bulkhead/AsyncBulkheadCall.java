package dev.resiliency.bulkhead;

import dev.resiliency.internal.Futures;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * One {@link Bulkhead#callAsync} call: the future handed to the user, the permit it holds while the supplier's
 * stage runs, and, while it waits, its node in the queue. It never blocks a thread: a queued call is started by
 * the releaser that hands it a permit, and its wait timeout is a {@link dev.resiliency.Scheduler} task.
 *
 * <p>The permit is given back when the supplier's stage completes, before the returned future is completed, so
 * whoever observes the result also observes the permit free. Cancelling the returned future removes a queued call
 * from the queue, or cancels the running stage (whose completion then gives the permit back).
 */
final class AsyncBulkheadCall<T> extends Waiter implements BiConsumer<T, Throwable> {

    final CompletableFuture<T> result = new CompletableFuture<>();

    private final Bulkhead bulkhead;
    private final Supplier<? extends CompletionStage<T>> supplier;
    private volatile CompletableFuture<T> running;

    AsyncBulkheadCall(Bulkhead bulkhead, PermitPool pool, Supplier<? extends CompletionStage<T>> supplier) {
        super(pool);
        this.bulkhead = bulkhead;
        this.supplier = supplier;
    }

    /**
     * Runs granted calls one after another. When a release hands the permit to a queued call whose supplier
     * completes at once, that call's own release may hand a permit to the next one, and so on: doing this in a
     * loop rather than by recursion keeps the stack flat however long the queue is.
     */
    static void runGranted(AsyncBulkheadCall<?> first) {
        AsyncBulkheadCall<?> call = first;
        while (call != null && call.start()) {
            call = call.finishCompleted();
        }
    }

    /** Reacts to the user cancelling {@link #result}. Registered once the call is granted or queued. */
    void watchCancellation() {
        result.whenComplete((value, failure) -> {
            if (result.isCancelled()) {
                cancelled();
            }
        });
    }

    @Override
    boolean onGranted() {
        return true; // the releaser runs us (through runGranted)
    }

    @Override
    void onTimedOutOrRejected() {
        result.completeExceptionally(bulkhead.rejected());
    }

    /** The supplier's stage completed later, on some other thread. */
    @Override
    public void accept(T value, Throwable failure) {
        runGranted(finish(value, failure));
    }

    /** @return true if the stage is already complete and the caller must {@link #finishCompleted()} it */
    private boolean start() {
        bulkhead.permitted();
        if (result.isDone()) {
            return true; // cancelled while being handed the permit: just give it back
        }
        CompletableFuture<T> stage = Futures.invoke(supplier);
        running = stage;
        // Pairs with cancelled(): one of the two sides sees the other's write, so a cancel is never missed.
        if (result.isCancelled()) {
            stage.cancel(true);
        }
        if (stage.isDone()) {
            return true;
        }
        stage.whenComplete(this);
        return false;
    }

    private AsyncBulkheadCall<?> finishCompleted() {
        CompletableFuture<T> stage = running;
        if (stage == null) {
            return finish(null, null);
        }
        T value = null;
        Throwable failure = null;
        try {
            value = stage.join();
        } catch (Throwable e) { // CompletionException around the cause, or CancellationException
            failure = e;
        }
        return finish(value, failure);
    }

    private AsyncBulkheadCall<?> finish(T value, Throwable failure) {
        Waiter next = pool.release(epoch);
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(Futures.unwrap(failure));
        }
        return (AsyncBulkheadCall<?>) next;
    }

    private void cancelled() {
        if (status == WAITING && pool.leave(this, ABANDONED)) {
            cancelTimer();
            return;
        }
        CompletableFuture<T> stage = running;
        if (stage != null) {
            stage.cancel(true);
        }
    }
}
