package dev.resiliency.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A caller on its own thread that enters a bulkhead and, once inside, holds its permit until {@link #finish()}.
 * {@link #outcome} completes with the call's result or its exception.
 */
final class Caller {

    final CompletableFuture<Object> outcome = new CompletableFuture<>();
    final CountDownLatch entered = new CountDownLatch(1);
    final Thread thread;
    private final CountDownLatch release = new CountDownLatch(1);
    volatile boolean interruptFlagAfterFailure;

    private Caller(Bulkhead bulkhead, Duration maxWait, String label) {
        Callable<Object> body = () -> {
            entered.countDown();
            release.await();
            return label;
        };
        thread = new Thread(() -> {
            try {
                outcome.complete(maxWait == null ? bulkhead.call(body) : bulkhead.call(body, maxWait));
            } catch (Throwable e) {
                interruptFlagAfterFailure = Thread.currentThread().isInterrupted();
                outcome.completeExceptionally(e);
            }
        }, "caller-" + label);
        thread.setDaemon(true);
    }

    /** Starts a caller with the bulkhead's own maxWait and waits until it holds its permit. */
    static Caller holding(Bulkhead bulkhead, String label) throws InterruptedException {
        Caller caller = start(bulkhead, null, label);
        assertThat(caller.entered.await(5, TimeUnit.SECONDS)).as("caller %s entered", label).isTrue();
        return caller;
    }

    /** Starts a caller (maxWait null = the bulkhead's own) without waiting for anything. */
    static Caller start(Bulkhead bulkhead, Duration maxWait, String label) {
        Caller caller = new Caller(bulkhead, maxWait, label);
        caller.thread.start();
        return caller;
    }

    void finish() {
        release.countDown();
    }

    Object awaitOutcome() throws Exception {
        return outcome.get(5, TimeUnit.SECONDS);
    }

    Throwable awaitFailure() {
        try {
            outcome.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("no failure within 5 s", e);
        }
        throw new AssertionError("expected a failure, got " + outcome.join());
    }
}
