package dev.resiliency.spring.reliability;

import java.io.IOException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import dev.resiliency.CircuitOpenException;
import dev.resiliency.spring.annotation.Bulkhead;
import dev.resiliency.spring.annotation.CircuitBreaker;
import dev.resiliency.spring.annotation.Fallback;
import dev.resiliency.spring.annotation.Hedged;
import dev.resiliency.spring.annotation.RateLimiter;
import dev.resiliency.spring.annotation.Retry;
import dev.resiliency.spring.annotation.SingleFlight;
import dev.resiliency.spring.annotation.WeightedSemaphore;

/**
 * The soak test's bean: the seven layers around an in-process fake downstream, and a fallback that degrades only an
 * open circuit (every other failure reaches the caller, who counts it).
 *
 * <p>What the downstream does is chosen by the caller ({@link Kind}, the same for every attempt and copy of a call)
 * and, for a healthy call, by chance on each invocation: a transient {@link IOException} (retried) or a slow answer
 * (hedged). Every success is a new string and every failure a new exception, so that callers sharing a flight can be
 * told apart from leaders by identity.
 */
public class SoakService {

    /** What the caller asks the downstream to do. */
    public enum Kind {
        /** Answers, sometimes after a transient failure or slowly. */
        HEALTHY,
        /** Fails with an {@link IOException} on every invocation: retried until exhausted (an outage). */
        DOWN,
        /** Fails with an {@link IllegalStateException}: not retried, a failure for the breaker. */
        BROKEN,
        /** Fails with an {@link IllegalArgumentException}: not retried, ignored by the breaker. */
        INVALID
    }

    static final String OPEN = "circuit-open";

    /** Chance that one invocation of a healthy call fails with an {@link IOException} (retried). */
    static final double TRANSIENT_FAILURE = 0.05;
    /** Chance that one invocation of a healthy call takes {@link #SLOW_NANOS} (hedged). */
    static final double SLOW = 0.005;
    static final long SLOW_NANOS = 3_000_000;

    private final LongAdder invocations = new LongAdder();

    @CircuitBreaker("soak")
    @SingleFlight(name = "soak", key = "#key")
    @RateLimiter("soak")
    @Bulkhead("soak")
    @WeightedSemaphore(name = "soak", weight = 2, timeout = "1ms")
    @Retry("soak")
    @Hedged("soak")
    @Fallback(method = "open", on = CircuitOpenException.class)
    public String call(String key, Kind kind) throws IOException {
        this.invocations.increment();
        switch (kind) {
            case DOWN -> throw new IOException("down");
            case BROKEN -> throw new IllegalStateException("broken");
            case INVALID -> throw new IllegalArgumentException("invalid");
            default -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                double dice = random.nextDouble();
                if (dice < TRANSIENT_FAILURE) {
                    throw new IOException("transient");
                }
                if (dice < TRANSIENT_FAILURE + SLOW) {
                    LockSupport.parkNanos(SLOW_NANOS); // an interrupt (the hedge won) ends it early
                }
                return "ok-" + random.nextLong();
            }
        }
    }

    String open(String key, Kind kind) {
        return OPEN;
    }

    /** How many times the downstream ran, hedged copies and retries included. */
    long invocations() {
        return this.invocations.sum();
    }
}
