package dev.resiliency.spring.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.retry.RetryOutcome;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;

/**
 * The Micrometer meters of each kind of instance, with the names and tags of the design contract. Every meter
 * carries the tag {@code name} (the instance name) and only tags from a small fixed set of values: never a
 * single-flight key, an argument or an exception message.
 *
 * <p>Every meter reads the instance's {@code stats()} when the registry is scraped: function counters over the
 * cumulative counters, gauges over the current figures. Nothing is added to the call path, and no event listener
 * is registered.
 */
public final class ResiliencyMeters {

    /** The instance-name tag, on every meter. */
    public static final String NAME_TAG = "name";

    public static final String CIRCUIT_BREAKER_CALLS = "resiliency.circuitbreaker.calls";
    public static final String CIRCUIT_BREAKER_STATE = "resiliency.circuitbreaker.state";
    public static final String RETRY_CALLS = "resiliency.retry.calls";
    public static final String RETRY_ATTEMPTS = "resiliency.retry.attempts";
    public static final String HEDGED_CALLS = "resiliency.hedged.calls";
    public static final String HEDGED_HEDGES = "resiliency.hedged.hedges";
    public static final String HEDGED_WINS = "resiliency.hedged.wins";
    public static final String HEDGED_DELAY = "resiliency.hedged.delay";
    public static final String HEDGED_TOKENS = "resiliency.hedged.tokens";
    public static final String SINGLE_FLIGHT_CALLS = "resiliency.singleflight.calls";
    public static final String SINGLE_FLIGHT_INFLIGHT = "resiliency.singleflight.inflight";
    public static final String RATE_LIMITER_CALLS = "resiliency.ratelimiter.calls";
    public static final String RATE_LIMITER_TOKENS = "resiliency.ratelimiter.tokens";
    public static final String BULKHEAD_CALLS = "resiliency.bulkhead.calls";
    public static final String BULKHEAD_ACTIVE = "resiliency.bulkhead.active";
    public static final String BULKHEAD_WAITING = "resiliency.bulkhead.waiting";
    public static final String SEMAPHORE_CALLS = "resiliency.semaphore.calls";
    public static final String SEMAPHORE_USED = "resiliency.semaphore.used";
    public static final String SEMAPHORE_WAITING = "resiliency.semaphore.waiting";

    private ResiliencyMeters() {
    }

    /** {@code resiliency.circuitbreaker.calls} by outcome and {@code resiliency.circuitbreaker.state} by state. */
    public static void bind(MeterRegistry registry, CircuitBreaker breaker) {
        Tags tags = Tags.of(NAME_TAG, breaker.name());
        String description = "Calls through the circuit breaker, by outcome";
        counter(registry, CIRCUIT_BREAKER_CALLS, description, tags.and("outcome", "success"), breaker,
                b -> b.stats().successfulCalls());
        counter(registry, CIRCUIT_BREAKER_CALLS, description, tags.and("outcome", "failure"), breaker,
                b -> b.stats().failedCalls());
        counter(registry, CIRCUIT_BREAKER_CALLS, description, tags.and("outcome", "ignored"), breaker,
                b -> b.stats().ignoredCalls());
        counter(registry, CIRCUIT_BREAKER_CALLS, description, tags.and("outcome", "rejected"), breaker,
                b -> b.stats().rejectedCalls());
        for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
            Gauge.builder(CIRCUIT_BREAKER_STATE, breaker, b -> b.state() == state ? 1 : 0)
                    .description("1 for the circuit breaker's current state, 0 for the others")
                    .tags(tags.and("state", stateTag(state)))
                    .register(registry);
        }
    }

    /** {@code resiliency.retry.calls} by outcome and {@code resiliency.retry.attempts}. */
    public static void bind(MeterRegistry registry, BackoffRetry retry) {
        Tags tags = Tags.of(NAME_TAG, retry.name());
        String description = "Calls through the retry, by outcome";
        for (RetryOutcome outcome : RetryOutcome.values()) {
            counter(registry, RETRY_CALLS, description, tags.and("outcome", outcomeTag(outcome)), retry,
                    r -> retryCount(r, outcome));
        }
        counter(registry, RETRY_ATTEMPTS, "Attempts made by the retry, first attempts included", tags, retry,
                r -> r.stats().attempts());
    }

    /** {@code resiliency.hedged.calls}, {@code .hedges}, {@code .wins}, {@code .delay} and {@code .tokens}. */
    public static void bind(MeterRegistry registry, Hedged hedged) {
        Tags tags = Tags.of(NAME_TAG, hedged.name());
        counter(registry, HEDGED_CALLS, "Calls completed through the hedged instance", tags, hedged,
                h -> h.stats().totalRequests());
        counter(registry, HEDGED_HEDGES, "Calls that fired at least one hedge", tags, hedged,
                h -> h.stats().hedgedRequests());
        counter(registry, HEDGED_WINS, "Calls won by a hedge rather than by the original request", tags, hedged,
                h -> h.stats().hedgeWon());
        TimeGauge.builder(HEDGED_DELAY, hedged, TimeUnit.NANOSECONDS, h -> h.stats().currentDelay().toNanos())
                .description("The delay the next call waits before hedging")
                .tags(tags)
                .register(registry);
        gauge(registry, HEDGED_TOKENS, "Tokens left in the hedge budget", tags, hedged, h -> h.stats().tokens());
    }

    /** {@code resiliency.singleflight.calls} by {@code shared} and {@code resiliency.singleflight.inflight}. */
    public static void bind(MeterRegistry registry, SingleFlight flight) {
        Tags tags = Tags.of(NAME_TAG, flight.name());
        String description = "Calls through the single flight: shared=false ran the call, shared=true joined one";
        counter(registry, SINGLE_FLIGHT_CALLS, description, tags.and("shared", "false"), flight,
                f -> f.stats().leaderCalls());
        counter(registry, SINGLE_FLIGHT_CALLS, description, tags.and("shared", "true"), flight,
                f -> f.stats().sharedCalls());
        gauge(registry, SINGLE_FLIGHT_INFLIGHT, "Keys with a call in flight", tags, flight, SingleFlight::inFlight);
    }

    /** {@code resiliency.ratelimiter.calls} by outcome and {@code resiliency.ratelimiter.tokens}. */
    public static void bind(MeterRegistry registry, RateLimiter limiter) {
        Tags tags = Tags.of(NAME_TAG, limiter.name());
        String description = "Calls through the rate limiter, by outcome";
        counter(registry, RATE_LIMITER_CALLS, description, tags.and("outcome", "permitted"), limiter,
                l -> l.stats().permitted());
        counter(registry, RATE_LIMITER_CALLS, description, tags.and("outcome", "rejected"), limiter,
                l -> l.stats().rejected());
        gauge(registry, RATE_LIMITER_TOKENS, "Tokens a call could take now", tags, limiter,
                l -> l.stats().availableTokens());
    }

    /** {@code resiliency.bulkhead.calls} by outcome, {@code .active} and {@code .waiting}. */
    public static void bind(MeterRegistry registry, Bulkhead bulkhead) {
        Tags tags = Tags.of(NAME_TAG, bulkhead.name());
        String description = "Calls through the bulkhead, by outcome";
        counter(registry, BULKHEAD_CALLS, description, tags.and("outcome", "permitted"), bulkhead,
                b -> b.stats().permitted());
        counter(registry, BULKHEAD_CALLS, description, tags.and("outcome", "rejected"), bulkhead,
                b -> b.stats().rejected());
        gauge(registry, BULKHEAD_ACTIVE, "Calls running in the bulkhead", tags, bulkhead, b -> b.stats().active());
        gauge(registry, BULKHEAD_WAITING, "Calls waiting for a permit of the bulkhead", tags, bulkhead,
                b -> b.stats().waiting());
    }

    /** {@code resiliency.semaphore.calls} by outcome, {@code .used} and {@code .waiting}. */
    public static void bind(MeterRegistry registry, WeightedSemaphore semaphore) {
        Tags tags = Tags.of(NAME_TAG, semaphore.name());
        String description = "Calls through the weighted semaphore, by outcome";
        counter(registry, SEMAPHORE_CALLS, description, tags.and("outcome", "permitted"), semaphore,
                s -> s.stats().permitted());
        counter(registry, SEMAPHORE_CALLS, description, tags.and("outcome", "rejected"), semaphore,
                s -> s.stats().rejected());
        counter(registry, SEMAPHORE_CALLS, description, tags.and("outcome", "timeout"), semaphore,
                s -> s.stats().timedOut());
        gauge(registry, SEMAPHORE_USED, "Permits held by running calls", tags, semaphore, WeightedSemaphore::current);
        gauge(registry, SEMAPHORE_WAITING, "Calls waiting for permits", tags, semaphore,
                WeightedSemaphore::queueLength);
    }

    /** The {@code state} tag value: the state in lower case ({@code closed}, {@code half_open}...). */
    public static String stateTag(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED -> "closed";
            case OPEN -> "open";
            case HALF_OPEN -> "half_open";
            case FORCED_OPEN -> "forced_open";
        };
    }

    /** The {@code outcome} tag value of a retry outcome ({@code success_without_retry}...). */
    public static String outcomeTag(RetryOutcome outcome) {
        return switch (outcome) {
            case SUCCESS_WITHOUT_RETRY -> "success_without_retry";
            case SUCCESS_WITH_RETRY -> "success_with_retry";
            case FAILURE_WITHOUT_RETRY -> "failure_without_retry";
            case FAILURE_WITH_RETRY -> "failure_with_retry";
            case ABORTED -> "aborted";
        };
    }

    private static long retryCount(BackoffRetry retry, RetryOutcome outcome) {
        var stats = retry.stats();
        return switch (outcome) {
            case SUCCESS_WITHOUT_RETRY -> stats.successWithoutRetry();
            case SUCCESS_WITH_RETRY -> stats.successWithRetry();
            case FAILURE_WITHOUT_RETRY -> stats.failureWithoutRetry();
            case FAILURE_WITH_RETRY -> stats.failureWithRetry();
            case ABORTED -> stats.aborted();
        };
    }

    // Meters keep a weak reference to their instance; the instance registries hold every instance for the
    // application's lifetime, so the meters never lose them.
    private static <T> void counter(MeterRegistry registry, String name, String description, Tags tags, T instance,
            ToDoubleFunction<T> count) {
        FunctionCounter.builder(name, instance, count).description(description).tags(tags).register(registry);
    }

    private static <T> void gauge(MeterRegistry registry, String name, String description, Tags tags, T instance,
            ToDoubleFunction<T> value) {
        Gauge.builder(name, instance, value).description(description).tags(tags).register(registry);
    }
}
