package dev.resiliency.spring.observation;

import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;

import dev.resiliency.spring.aop.ResilientMethod;

/**
 * The context of the observation of one call of an annotated method: the method, its instance names, and what
 * happened inside the call (retries, hedges).
 *
 * <p>The counters are updated from every thread that runs part of the call (hedged copies, asynchronous retries),
 * hence atomic updates; field updaters rather than atomic objects, so that a call allocates one context and no more.
 */
public class ResiliencyObservationContext extends Observation.Context {

    private final ResilientMethod method;
    private final KeyValues methodKeyValues;
    private final Object owner;
    private static final AtomicIntegerFieldUpdater<ResiliencyObservationContext> RUNS = updater("runs");
    private static final AtomicIntegerFieldUpdater<ResiliencyObservationContext> ATTEMPTS = updater("attempts");
    private static final AtomicIntegerFieldUpdater<ResiliencyObservationContext> COPIES = updater("copiesInAttempt");
    private static final AtomicIntegerFieldUpdater<ResiliencyObservationContext> PENDING = updater("attemptStartPending");
    private static final AtomicIntegerFieldUpdater<ResiliencyObservationContext> RETRIES = updater("retries");
    private static final AtomicIntegerFieldUpdater<ResiliencyObservationContext> HEDGES = updater("hedges");

    private volatile int runs;
    private volatile int attempts;
    private volatile int copiesInAttempt;
    private volatile int attemptStartPending; // 1 between an attempt's start and its first run
    private volatile int retries;
    private volatile int hedges;

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
        return this.retries;
    }

    /** Hedged copies started so far in this call. */
    public int getHedges() {
        return this.hedges;
    }

    boolean ownedBy(Object candidate) {
        return this.owner == candidate;
    }

    /** A run of the method starts; returns its number in the call (1 for the first). */
    int runStarted() {
        return RUNS.incrementAndGet(this);
    }

    /** A retry attempt starts (the hedged layer was entered); returns the attempt number. */
    int attemptStarted() {
        this.copiesInAttempt = 0;
        this.attemptStartPending = 1;
        return ATTEMPTS.incrementAndGet(this);
    }

    /** Whether this run is the first copy of the attempt just started (claimed once per attempt). */
    boolean claimAttemptStart() {
        return PENDING.compareAndSet(this, 1, 0);
    }

    /** A copy of the current attempt starts; returns its number in the attempt (1 for the original). */
    int copyStarted() {
        return COPIES.incrementAndGet(this);
    }

    void retried() {
        RETRIES.incrementAndGet(this);
    }

    void hedged() {
        HEDGES.incrementAndGet(this);
    }

    private static AtomicIntegerFieldUpdater<ResiliencyObservationContext> updater(String field) {
        return AtomicIntegerFieldUpdater.newUpdater(ResiliencyObservationContext.class, field);
    }
}
