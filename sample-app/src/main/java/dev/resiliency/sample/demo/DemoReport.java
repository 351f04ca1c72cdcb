package dev.resiliency.sample.demo;

import java.time.Duration;

/**
 * The figures of a demo run, as printed and as the CI test asserts them.
 *
 * @param form                   {@code full} or {@code short}
 * @param herd                   50 concurrent cache misses for one user
 * @param tail                   latency without and with hedging
 * @param circuit                the inventory circuit during and after an outage
 * @param semaphore              concurrent payment charges bounded by the weighted semaphore
 */
public record DemoReport(String form, Herd herd, Tail tail, Circuit circuit, Semaphore semaphore) {

    /** Whether every figure is what the guide promises. */
    public boolean asPromised() {
        return this.herd.downstreamRequests() == 1 && this.herd.served() == this.herd.callers()
                && this.tail.hedgedP99().compareTo(this.tail.plainP99()) < 0
                && this.circuit.opened() && this.circuit.requestsWhileOpen() == 0 && this.circuit.closedAgain()
                && this.semaphore.peakInFlight() <= this.semaphore.limit()
                && this.semaphore.succeeded() == this.semaphore.charges();
    }

    /**
     * @param callers            concurrent callers, all missing the cache
     * @param served             callers that got the profile
     * @param downstreamRequests requests the user service received
     * @param firstFailure       what the first caller that was not served got, or null
     */
    public record Herd(int callers, int served, long downstreamRequests, String firstFailure) {
    }

    /**
     * @param requests    searches per run
     * @param plainP50    median without hedging
     * @param plainP99    99th percentile without hedging
     * @param hedgedP50   median with hedging (and retry)
     * @param hedgedP99   99th percentile with hedging
     * @param hedged      searches that fired a hedge
     * @param hedgesWon   searches won by the hedge
     */
    public record Tail(int requests, Duration plainP50, Duration plainP99, Duration hedgedP50, Duration hedgedP99,
            long hedged, long hedgesWon) {
    }

    /**
     * @param opened             whether the circuit opened during the outage
     * @param callsToOpen        calls that failed before it opened
     * @param requestsToOpen     inventory requests made until it opened
     * @param callsWhileOpen     calls made while it was open
     * @param requestsWhileOpen  inventory requests made while it was open
     * @param placeholders       product pages rendered with the placeholder while it was open
     * @param closedAgain        whether it closed again after the outage
     * @param closedAfter        time from the end of the outage until it closed
     */
    public record Circuit(boolean opened, int callsToOpen, long requestsToOpen, int callsWhileOpen,
            long requestsWhileOpen, int placeholders, boolean closedAgain, Duration closedAfter) {
    }

    /**
     * @param charges        concurrent charges
     * @param succeeded      charges that succeeded
     * @param limit          the semaphore's capacity in requests (max 10, weight 2 per hedged charge)
     * @param peakInFlight   most payment requests in flight at once
     * @param peakQueue      most charges waiting for capacity at once
     * @param hedges         charges that fired a hedge
     * @param tryRejected    non-blocking charges rejected at once while at capacity
     * @param elapsed        time for all the charges
     */
    public record Semaphore(int charges, int succeeded, int limit, int peakInFlight, int peakQueue, long hedges,
            int tryRejected, Duration elapsed) {
    }
}
