package dev.resiliency.retry;

import dev.resiliency.EventPublisher;
import dev.resiliency.RetryAbortedException;
import java.util.concurrent.atomic.LongAdder;

/** The counters of one {@link BackoffRetry} and the {@link RetryEvent.Finished} event of every call. */
final class RetryRecorder {

    private final String name;
    private final EventPublisher<RetryEvent> events;

    // LongAdder rather than AtomicLong: concurrent successful calls must not contend on one cache line. The
    // attempt total is derived (every finished call made its first attempt, plus each retry), which saves the
    // happy path a second increment.
    private final LongAdder successWithoutRetry = new LongAdder();
    private final LongAdder successWithRetry = new LongAdder();
    private final LongAdder failureWithoutRetry = new LongAdder();
    private final LongAdder failureWithRetry = new LongAdder();
    private final LongAdder aborted = new LongAdder();
    private final LongAdder retries = new LongAdder();

    RetryRecorder(String name, EventPublisher<RetryEvent> events) {
        this.name = name;
        this.events = events;
    }

    RetryStats snapshot() {
        long sw = successWithoutRetry.sum();
        long swr = successWithRetry.sum();
        long fw = failureWithoutRetry.sum();
        long fwr = failureWithRetry.sum();
        long ab = aborted.sum();
        return new RetryStats(sw, swr, fw, fwr, ab, sw + swr + fw + fwr + ab + retries.sum());
    }

    /** An attempt after the first is starting. */
    void retry() {
        retries.increment();
    }

    void success(int attempts) {
        RetryOutcome outcome;
        if (attempts == 1) {
            successWithoutRetry.increment();
            outcome = RetryOutcome.SUCCESS_WITHOUT_RETRY;
        } else {
            successWithRetry.increment();
            outcome = RetryOutcome.SUCCESS_WITH_RETRY;
        }
        if (events.hasListeners()) {
            events.publish(new RetryEvent.Finished(name, outcome, attempts, null));
        }
    }

    void failure(int attempts, Throwable error) {
        RetryOutcome outcome;
        if (attempts <= 1) {
            failureWithoutRetry.increment();
            outcome = RetryOutcome.FAILURE_WITHOUT_RETRY;
        } else {
            failureWithRetry.increment();
            outcome = RetryOutcome.FAILURE_WITH_RETRY;
        }
        if (events.hasListeners()) {
            events.publish(new RetryEvent.Finished(name, outcome, attempts, error));
        }
    }

    /** Records an abort and returns what to rethrow: the marker's cause, or the marker when it has none. */
    Throwable aborted(int attempts, RetryAbortedException abort) {
        Throwable cause = abort.getCause() != null ? abort.getCause() : abort;
        aborted.increment();
        if (events.hasListeners()) {
            events.publish(new RetryEvent.Finished(name, RetryOutcome.ABORTED, attempts, cause));
        }
        return cause;
    }
}
