package dev.resiliency.hedged;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Callables for the blocking tests: copies numbered in the order they start. */
final class Copies {

    /** Counts the copies that started and the ones interrupted while hanging. */
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger interrupted = new AtomicInteger();
    private final CountDownLatch anyInterrupted = new CountDownLatch(1);
    private final CountDownLatch anyHanging = new CountDownLatch(1);

    /** Blocks until interrupted (a hung call), recording the interrupt. */
    <T> T hang() throws InterruptedException {
        anyHanging.countDown();
        try {
            new CountDownLatch(1).await();
            throw new AssertionError("unreachable");
        } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            anyInterrupted.countDown();
            throw e;
        }
    }

    boolean awaitInterrupt() throws InterruptedException {
        return anyInterrupted.await(5, TimeUnit.SECONDS);
    }

    /**
     * Waits until some copy is inside {@link #hang()}: a test that needs a copy running when something cancels it
     * says so, instead of hoping the executor started it before a short delay ran out (under load it may not have).
     */
    void awaitHanging() throws InterruptedException {
        if (!anyHanging.await(5, TimeUnit.SECONDS)) {
            throw new AssertionError("no copy started hanging within 5 s");
        }
    }

    /** A callable whose n-th started copy (0-based) runs {@code behaviour.apply(n)}. */
    <T> Callable<T> numbered(Behaviour<T> behaviour) {
        return () -> behaviour.run(started.getAndIncrement());
    }

    /**
     * For {@code primaryOnCallerThread}: the copy running on the thread that creates this callable (the caller) is
     * the primary, any other is a hedge, numbered from 1 in the order hedges start. Unlike {@link #numbered}, this
     * holds even when a descheduled caller starts its primary after the first hedge.
     */
    <T> Callable<T> byThread(Behaviour<T> primary, Behaviour<T> hedge) {
        Thread caller = Thread.currentThread();
        AtomicInteger hedges = new AtomicInteger();
        return () -> {
            started.incrementAndGet();
            return Thread.currentThread() == caller ? primary.run(0) : hedge.run(hedges.incrementAndGet());
        };
    }

    @FunctionalInterface
    interface Behaviour<T> {
        T run(int copy) throws Exception;
    }
}
