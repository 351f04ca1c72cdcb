package dev.resiliency.redis.cluster;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one downstream (a database, say) that every pod calls: counts the calls it receives, and holds each call until
 * the test opens the gate, so that every caller provably arrives while the first call is still running.
 */
public final class Downstream {

    private volatile AtomicInteger calls = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(1);
    private volatile Exception failure;

    public String fetch(String sku) throws Exception {
        calls.incrementAndGet();
        gate.await();
        if (failure != null) {
            throw failure;
        }
        return "product " + sku;
    }

    public int calls() {
        return calls.get();
    }

    /** Every held and future call completes; with {@link #failWith} set, by throwing. */
    public void open() {
        gate.countDown();
    }

    public void failWith(Exception failure) {
        this.failure = failure;
    }

    /** A fresh downstream for the next test: gate closed, no call counted, no failure. */
    public void reset() {
        open();
        calls = new AtomicInteger();
        gate = new CountDownLatch(1);
        failure = null;
    }
}
