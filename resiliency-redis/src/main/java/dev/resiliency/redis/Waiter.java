package dev.resiliency.redis;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One local leader subscribed to a flight's channel. Outcomes arrive on the pub/sub thread and are kept in order
 * until taken, so none is lost between two rounds of waiting (an {@code ABANDONED} followed at once by a value, say).
 */
final class Waiter {

    final String channel;
    private final ArrayDeque<Outcome> inbox = new ArrayDeque<>(2);
    private CompletableFuture<Outcome> pending; // guarded by this

    Waiter(String channel) {
        this.channel = channel;
    }

    /** Called by the pub/sub listener (and on Redis down). Completes outside the lock: dependents may run inline. */
    void deliver(Outcome outcome) {
        CompletableFuture<Outcome> taker;
        synchronized (this) {
            taker = pending;
            pending = null;
            if (taker == null) {
                inbox.add(outcome);
                return;
            }
        }
        if (!taker.complete(outcome)) {
            synchronized (this) {
                inbox.addFirst(outcome); // the taker gave up meanwhile: keep it for the next round
            }
        }
    }

    /** The next outcome: at once if one is waiting, else a future completed by {@link #deliver} or {@link #giveUp}. */
    synchronized CompletableFuture<Outcome> next() {
        Outcome waiting = inbox.poll();
        if (waiting != null) {
            return CompletableFuture.completedFuture(waiting);
        }
        pending = new CompletableFuture<>();
        return pending;
    }

    /** Ends a round of waiting without an outcome (a timer fired); an outcome that won the race is kept. */
    void giveUp(CompletableFuture<Outcome> round) {
        synchronized (this) {
            if (pending == round) {
                pending = null;
            }
        }
        round.complete(Outcome.TIMER);
    }

    /** Blocks for the next outcome at most {@code nanos}; {@link Outcome#TIMER} if none came. */
    Outcome await(long nanos) throws InterruptedException {
        CompletableFuture<Outcome> round = next();
        if (!round.isDone() && nanos <= 0) {
            giveUp(round);
        }
        try {
            return round.get(Math.max(0L, nanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException expired) {
            giveUp(round);
            return round.join();
        } catch (InterruptedException interrupted) {
            giveUp(round);
            throw interrupted;
        } catch (ExecutionException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
