package dev.resiliency.spring.observation;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;

import dev.resiliency.spring.aop.ResilientMethod;

/**
 * The context of the observation of one call of an annotated method: the method, its instance names, and what
 * happened inside the call (retries, hedges).
 *
 * <p>The counters are updated from every thread that runs part of the call (hedged copies, asynchronous retries),
 * hence atomics.
 */
public class ResiliencyObservationContext extends Observation.Context {

    private final ResilientMethod method;
    private final KeyValues methodKeyValues;
    private final Object owner;
    private final AtomicInteger runs = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger copiesInAttempt = new AtomicInteger();
    private final AtomicBoolean attemptStartPending = new AtomicBoolean();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger hedges = new AtomicInteger();

    ResiliencyObservationContext(ResilientMethod method, KeyValues methodKeyValues, Object owner) {
        this.method = method;
        this.methodKeyValues = methodKeyValues;
        this.owner = owner;
    }

    /** The observed method and the instance names of its layers. */
    public ResilientMethod getMethod() {
        return this.method;
    }

    /** The low-cardinality key values of the method (its name, one per layer), computed once per method. */
    public KeyValues getMethodKeyValues() {
        return this.methodKeyValues;
    }

    /** Retries made so far in this call. */
    public int getRetries() {
        return this.retries.get();
    }

    /** Hedged copies started so far in this call. */
    public int getHedges() {
        return this.hedges.get();
    }

    boolean ownedBy(Object candidate) {
        return this.owner == candidate;
    }

    /** A run of the method starts; returns its number in the call (1 for the first). */
    int runStarted() {
        return this.runs.incrementAndGet();
    }

    /** A retry attempt starts (the hedged layer was entered); returns the attempt number. */
    int attemptStarted() {
        this.copiesInAttempt.set(0);
        this.attemptStartPending.set(true);
        return this.attempts.incrementAndGet();
    }

    /** Whether this run is the first copy of the attempt just started (claimed once per attempt). */
    boolean claimAttemptStart() {
        return this.attemptStartPending.compareAndSet(true, false);
    }

    /** A copy of the current attempt starts; returns its number in the attempt (1 for the original). */
    int copyStarted() {
        return this.copiesInAttempt.incrementAndGet();
    }

    void retried() {
        this.retries.incrementAndGet();
    }

    void hedged() {
        this.hedges.incrementAndGet();
    }
}
