package dev.resiliency.circuitbreaker;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** The {@link CircuitBreaker.Permit} of the two-step API and of {@code callAsync}; one-shot by CAS. */
final class CallPermit implements CircuitBreaker.Permit {

    private static final VarHandle RECORDED;

    static {
        try {
            RECORDED = MethodHandles.lookup().findVarHandle(CallPermit.class, "recorded", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CircuitBreaker breaker;
    private final Phase permitted;
    /** Whether the duration is measured (see {@link CircuitBreaker#timesCall()}); startNanos is 0 otherwise. */
    private final boolean timed;
    private final long startNanos;
    private volatile boolean recorded;

    CallPermit(CircuitBreaker breaker, Phase permitted) {
        this.breaker = breaker;
        this.permitted = permitted;
        this.timed = breaker.timesCall();
        this.startNanos = timed ? breaker.now() : 0L;
    }

    /** Claims the one record this permit allows; true for exactly one caller. */
    boolean claim() {
        return RECORDED.compareAndSet(this, false, true);
    }

    /** Records {@code outcome} if this permit has not recorded yet. */
    void record(int outcome, Throwable error) {
        if (claim()) {
            recordClaimed(outcome, error);
        }
    }

    /** Records {@code outcome}; only after a successful {@link #claim()}. */
    void recordClaimed(int outcome, Throwable error) {
        breaker.complete(permitted, outcome, timed, startNanos, error);
    }

    @Override
    public void onSuccess() {
        record(Outcomes.SUCCESS, null);
    }

    @Override
    public void onFailure(Throwable error) {
        if (claim()) {
            recordClaimed(breaker.classifier().classify(error), error);
        }
    }

    @Override
    public void onIgnore() {
        record(Outcomes.IGNORE, null);
    }

    @Override
    public void close() {
        record(Outcomes.FAILURE, null);
    }

    @Override
    public String toString() {
        return "CircuitBreaker.Permit[" + breaker.name() + ", " + permitted.state + (recorded ? ", recorded]" : "]");
    }
}
