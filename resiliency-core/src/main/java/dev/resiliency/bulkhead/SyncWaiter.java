package dev.resiliency.bulkhead;

import java.util.concurrent.locks.LockSupport;

/** A thread blocked in {@link Bulkhead#call}; every outcome just wakes it and it acts on {@link #status} itself. */
final class SyncWaiter extends Waiter {

    private final Thread thread;

    SyncWaiter(PermitPool pool, Thread thread) {
        super(pool);
        this.thread = thread;
    }

    @Override
    boolean onGranted() {
        LockSupport.unpark(thread);
        return false;
    }

    @Override
    void onTimedOutOrRejected() {
        LockSupport.unpark(thread);
    }
}
