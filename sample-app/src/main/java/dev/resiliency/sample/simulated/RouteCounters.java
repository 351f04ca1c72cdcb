package dev.resiliency.sample.simulated;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The live counters behind a {@link RouteStats}. */
final class RouteCounters {

    private final LongAdder requests = new LongAdder();
    private final LongAdder ok = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private final LongAdder rateLimited = new LongAdder();
    private final LongAdder hung = new LongAdder();
    private final LongAdder clientErrors = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger peak = new AtomicInteger();

    private final AtomicLong sequence = new AtomicLong();

    /** Counts a request in; returns its number on this route (from 0, never reset: it spreads the tail evenly). */
    long started() {
        this.requests.increment();
        this.peak.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
        return this.sequence.getAndIncrement();
    }

    void finished(SimulatedDownstream.Outcome outcome, int status) {
        this.inFlight.decrementAndGet();
        switch (outcome) {
            case UNAVAILABLE -> this.unavailable.increment();
            case RATE_LIMITED -> this.rateLimited.increment();
            case HUNG -> this.hung.increment();
            case ANSWERED -> (status < 400 ? this.ok : this.clientErrors).increment();
        }
    }

    void reset() {
        this.requests.reset();
        this.ok.reset();
        this.unavailable.reset();
        this.rateLimited.reset();
        this.hung.reset();
        this.clientErrors.reset();
        this.peak.set(this.inFlight.get());
    }

    RouteStats snapshot() {
        return new RouteStats(this.requests.sum(), this.ok.sum(), this.unavailable.sum(), this.rateLimited.sum(),
                this.hung.sum(), this.clientErrors.sum(), this.inFlight.get(), this.peak.get());
    }
}
