package dev.resiliency.spring.reliability;

import java.io.IOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.RateLimitedException;
import dev.resiliency.ResiliencyTimeoutException;

/**
 * What the soak test's callers observed, call by call: successes, degraded (open circuit) answers, and failures by
 * {@link Outcome}. A failure or a success can be shared by the callers of one flight (single-flight hands them the
 * leader's value or exception, the same instance): for calls on a shared key the ledger also keeps the distinct
 * outcomes, which are what the layers below single-flight saw.
 */
final class SoakLedger {

    /** Where an outcome comes from. */
    enum Outcome {
        SUCCESS, OPEN, RATE_LIMITED, BULKHEAD_FULL, SEMAPHORE_TIMEOUT, DOWN, BROKEN, INVALID, UNEXPECTED
    }

    private final Map<Outcome, LongAdder> observed = new EnumMap<>(Outcome.class);
    private final Map<Outcome, LongAdder> distinctUnshared = new EnumMap<>(Outcome.class);
    // Strings by value (each success is a new random string), exceptions by identity (Throwable keeps Object.equals)
    private final Set<Object> sharedKeyOutcomes = ConcurrentHashMap.newKeySet();
    private final Set<String> unexpected = ConcurrentHashMap.newKeySet();

    SoakLedger() {
        for (Outcome outcome : Outcome.values()) {
            this.observed.put(outcome, new LongAdder());
            this.distinctUnshared.put(outcome, new LongAdder());
        }
    }

    /** Records what one call returned ({@code value}) or threw ({@code failure}). */
    void record(boolean sharedKey, String value, Throwable failure) {
        Outcome outcome = failure != null ? classify(failure)
                : SoakService.OPEN.equals(value) ? Outcome.OPEN : Outcome.SUCCESS;
        this.observed.get(outcome).increment();
        if (outcome == Outcome.OPEN) {
            return; // the breaker rejects each caller itself, above single-flight: nothing shared
        }
        if (sharedKey) {
            this.sharedKeyOutcomes.add(failure != null ? failure : value);
        }
        else {
            this.distinctUnshared.get(outcome).increment();
        }
        if (outcome == Outcome.UNEXPECTED) {
            this.unexpected.add(String.valueOf(failure));
        }
    }

    /** The number of calls that observed {@code outcome}. */
    long observed(Outcome outcome) {
        return this.observed.get(outcome).sum();
    }

    /** Every call, whatever its outcome. */
    long calls() {
        long total = 0;
        for (LongAdder count : this.observed.values()) {
            total += count.sum();
        }
        return total;
    }

    /** The outcomes produced below single-flight: one per flight (leader), shared by its followers. */
    long distinct(Outcome outcome) {
        long shared = 0;
        for (Object entry : this.sharedKeyOutcomes) {
            if ((entry instanceof Throwable failure ? classify(failure) : Outcome.SUCCESS) == outcome) {
                shared++;
            }
        }
        return this.distinctUnshared.get(outcome).sum() + shared;
    }

    long distinctFailures() {
        long total = 0;
        for (Outcome outcome : Outcome.values()) {
            if (outcome != Outcome.SUCCESS && outcome != Outcome.OPEN) {
                total += distinct(outcome);
            }
        }
        return total;
    }

    Set<String> unexpected() {
        return this.unexpected;
    }

    /** Forgets the shared outcomes (they are only bookkeeping: the memory check must not count them). */
    void dropSharedOutcomes() {
        this.sharedKeyOutcomes.clear();
    }

    static Outcome classify(Throwable failure) {
        if (failure instanceof RateLimitedException) {
            return Outcome.RATE_LIMITED;
        }
        if (failure instanceof BulkheadFullException) {
            return Outcome.BULKHEAD_FULL;
        }
        if (failure instanceof ResiliencyTimeoutException) {
            return Outcome.SEMAPHORE_TIMEOUT; // the hedged timeout (10 s) never fires in the soak: see its config
        }
        if (failure instanceof IOException) {
            return Outcome.DOWN;
        }
        if (failure instanceof IllegalStateException) {
            return Outcome.BROKEN;
        }
        if (failure instanceof IllegalArgumentException) {
            return Outcome.INVALID;
        }
        return Outcome.UNEXPECTED;
    }
}
