package dev.resiliency.semaphore;

import java.util.concurrent.locks.LockSupport;

/** A blocking caller parked until its permits are granted; granting it only unparks its thread. */
final class SyncWaiter extends Waiter {

    private final Thread thread;

    SyncWaiter(int weight, Thread thread) {
        super(weight);
        this.thread = thread;
    }

    @Override
    void granted() {
        LockSupport.unpark(thread);
    }
}
