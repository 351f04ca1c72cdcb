package dev.resiliency.spring.reliability;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.RateLimitedException;
import dev.resiliency.bulkhead.BulkheadStats;
import dev.resiliency.circuitbreaker.CircuitBreakerEvent;
import dev.resiliency.circuitbreaker.CircuitBreakerStats;
import dev.resiliency.hedged.HedgedStats;
import dev.resiliency.ratelimiter.RateLimiterStats;
import dev.resiliency.retry.RetryStats;
import dev.resiliency.semaphore.WeightedSemaphoreStats;
import dev.resiliency.singleflight.SingleFlightStats;
import dev.resiliency.spring.config.ResiliencyAutoConfiguration;
import dev.resiliency.spring.metrics.ResiliencyMetricsAutoConfiguration;
import dev.resiliency.spring.registry.BulkheadRegistry;
import dev.resiliency.spring.registry.CircuitBreakerRegistry;
import dev.resiliency.spring.registry.HedgedRegistry;
import dev.resiliency.spring.registry.RateLimiterRegistry;
import dev.resiliency.spring.registry.RetryRegistry;
import dev.resiliency.spring.registry.SingleFlightRegistry;
import dev.resiliency.spring.registry.WeightedSemaphoreRegistry;
import dev.resiliency.spring.reliability.SoakLedger.Outcome;
import dev.resiliency.spring.reliability.SoakService.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Many calls over 16 threads through the seven annotated layers, with mixed outcomes: successes, transient
 * failures (retried), slow answers (hedged), broken and invalid calls, outages (the circuit opens), load shed by
 * the rate limiter, the bulkhead and the semaphore, and callers sharing flights on hot keys. Afterwards every
 * counter of every layer, in {@code stats()} and in the Micrometer meters, equals what the callers observed: nothing
 * lost, nothing counted twice. Then nothing is held, queued or running, and the heap is back to its baseline.
 *
 * <p>A million calls take about 25 s on two cores. A longer soak:
 * {@code ./mvnw -pl resiliency-spring-boot-autoconfigure test -Dtest=SoakTest -Dsoak.calls=3000000}.
 */
@Timeout(150)
class SoakTest {

    static final int CALLS = Integer.getInteger("soak.calls", 1_000_000);
    static final int WARM_UP = 20_000;
    static final int THREADS = 16;
    /** One call in {@value} is on one of a few hot keys, where concurrent callers share a flight. */
    static final int HOT_KEY_EVERY = 8;
    /** Each block of {@value} calls starts with an outage of {@link #OUTAGE} calls. */
    static final int OUTAGE_EVERY = 50_000;
    static final int OUTAGE = 600;
    /** How long a caller pauses after a layer turned it away (open circuit, rate limit, full bulkhead). */
    static final long REJECTED_BACK_OFF_NANOS = 200_000;
    /** Heap growth (after GC) the soak may leave behind: meters, JIT, class data, not per-call garbage. */
    static final long HEAP_TOLERANCE = 16L << 20;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ResiliencyAutoConfiguration.class,
                    MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
                    SimpleMetricsExportAutoConfiguration.class, ResiliencyMetricsAutoConfiguration.class))
            .withBean(SoakService.class)
            .withPropertyValues(
                    "resiliency.circuit-breaker.soak.window-size=200",
                    "resiliency.circuit-breaker.soak.minimum-calls=50",
                    "resiliency.circuit-breaker.soak.failure-rate-threshold=0.5",
                    "resiliency.circuit-breaker.soak.open-timeout=5ms",
                    "resiliency.circuit-breaker.soak.permitted-calls-in-half-open=5",
                    // shed load and invalid requests say nothing about the downstream's health
                    "resiliency.circuit-breaker.soak.ignore-exceptions=java.lang.IllegalArgumentException,"
                            + "dev.resiliency.RateLimitedException,dev.resiliency.BulkheadFullException,"
                            + "dev.resiliency.ResiliencyTimeoutException",
                    "resiliency.rate-limiter.soak.rate=50000",
                    "resiliency.rate-limiter.soak.burst-size=200",
                    "resiliency.bulkhead.soak.max-concurrent=14",
                    "resiliency.bulkhead.soak.max-wait=1ms",
                    "resiliency.weighted-semaphore.soak.max=16",
                    "resiliency.retry.soak.max-attempts=3",
                    "resiliency.retry.soak.backoff=constant",
                    "resiliency.retry.soak.base-delay=0ms",
                    "resiliency.retry.soak.retry-exceptions=java.io.IOException",
                    "resiliency.hedged.soak.delay=2ms",
                    "resiliency.hedged.soak.max-requests=2",
                    "resiliency.hedged.soak.timeout=10s");

    @Test
    void everyCountAddsUpAfterManyMixedCallsAndNothingIsLeftBehind() {
        this.runner.run(context -> {
            assertThat(context).hasNotFailed();
            SoakService service = context.getBean(SoakService.class);
            SoakLedger ledger = new SoakLedger();
            AtomicLong next = new AtomicLong();

            Map<String, LongAdder> transitions = new ConcurrentHashMap<>();
            context.getBean(CircuitBreakerRegistry.class).instance("soak").events().subscribe(event -> {
                if (event instanceof CircuitBreakerEvent.StateTransition transition) {
                    transitions.computeIfAbsent(transition.from() + "->" + transition.to(), k -> new LongAdder())
                            .increment();
                }
            });
            long started = System.nanoTime();
            drive(service, ledger, next, WARM_UP);
            long baseline = usedHeapAfterGc();
            drive(service, ledger, next, CALLS);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(
                    () -> assertThat(ThreadAudit.busyResiliencyThreads()).isEmpty());
            assertThat(ledger.unexpected()).isEmpty();
            assertThat(ledger.calls()).isEqualTo(CALLS);
            assertEveryCountAddsUp(context, ledger, service);
            // the outages opened the circuit, and it closed again each time the downstream was back
            assertThat(transitions.get("CLOSED->OPEN")).isNotNull();
            assertThat(transitions.get("HALF_OPEN->CLOSED")).isNotNull();
            assertNothingHeld(context);

            ledger.dropSharedOutcomes();
            // Reference processing finishes after System.gc() returns: measure again until the heap has settled.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(usedHeapAfterGc())
                    .as("used heap after GC, baseline %,d", baseline).isLessThan(baseline + HEAP_TOLERANCE));
            System.out.printf("soak: %,d calls in %s; heap after GC %,d KB -> %,d KB; %s; breaker %s%n", CALLS,
                    elapsed, baseline >> 10, usedHeapAfterGc() >> 10, summary(ledger), transitions);
        });
    }

    /** Runs calls {@code next..total-1} from {@value #THREADS} threads started together. */
    private static void drive(SoakService service, SoakLedger ledger, AtomicLong next, long total)
            throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Throwable> crashed = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                        call(service, ledger, i);
                    }
                }
                catch (Throwable ex) {
                    crashed.compareAndSet(null, ex);
                }
            }, "soak-caller-" + t);
            threads.add(thread);
            thread.start();
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        next.set(total); // each thread took one index past the end
        assertThat(crashed.get()).isNull();
    }

    private static void call(SoakService service, SoakLedger ledger, long i) {
        long mixed = mix(i);
        Kind kind = i % OUTAGE_EVERY < OUTAGE ? Kind.DOWN
                : mixed % 1000 < 20 ? Kind.BROKEN
                : mixed % 1000 < 35 ? Kind.INVALID
                : Kind.HEALTHY;
        boolean hot = (mixed >>> 20) % HOT_KEY_EVERY == 0;
        String key = hot ? "hot-" + (mixed >>> 40) % 4 : "key-" + i;
        String value = null;
        Throwable failure = null;
        try {
            value = service.call(key, kind);
        }
        catch (Throwable ex) {
            failure = ex;
        }
        ledger.record(hot, value, failure);
        if (SoakService.OPEN.equals(value) || failure instanceof RateLimitedException
                || failure instanceof BulkheadFullException) {
            // a client turned away backs off a little instead of spinning on cheap rejections, which on a small
            // machine would starve the calls that do work (and the half-open probes) of CPU
            LockSupport.parkNanos(REJECTED_BACK_OFF_NANOS);
        }
    }

    /** A well-spread hash of the call number (SplitMix64's finalizer), non-negative. */
    private static long mix(long i) {
        long z = i * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }

    private static void assertEveryCountAddsUp(AssertableApplicationContext context, SoakLedger ledger,
            SoakService service) {
        CircuitBreakerStats breaker = context.getBean(CircuitBreakerRegistry.class).instance("soak").stats();
        SingleFlightStats flight = context.getBean(SingleFlightRegistry.class).instance("soak").stats();
        RateLimiterStats limiter = context.getBean(RateLimiterRegistry.class).instance("soak").stats();
        BulkheadStats bulkhead = context.getBean(BulkheadRegistry.class).instance("soak").stats();
        WeightedSemaphoreStats semaphore = context.getBean(WeightedSemaphoreRegistry.class).instance("soak").stats();
        RetryStats retry = context.getBean(RetryRegistry.class).instance("soak").stats();
        HedgedStats hedged = context.getBean(HedgedRegistry.class).instance("soak").stats();

        // circuit breaker: sees every call, each caller on its own (it sits above single-flight)
        long failures = ledger.calls() - ledger.observed(Outcome.SUCCESS) - ledger.observed(Outcome.OPEN);
        long ignored = ledger.observed(Outcome.INVALID) + ledger.observed(Outcome.RATE_LIMITED)
                + ledger.observed(Outcome.BULKHEAD_FULL) + ledger.observed(Outcome.SEMAPHORE_TIMEOUT);
        assertThat(breaker.successfulCalls()).as("breaker successes").isEqualTo(ledger.observed(Outcome.SUCCESS));
        assertThat(breaker.rejectedCalls()).as("breaker rejections").isEqualTo(ledger.observed(Outcome.OPEN));
        assertThat(breaker.ignoredCalls()).as("breaker ignored").isEqualTo(ignored);
        assertThat(breaker.failedCalls()).as("breaker failures").isEqualTo(failures - ignored);

        // single-flight: every call the breaker let through; leaders are the distinct outcomes
        long leaders = ledger.distinct(Outcome.SUCCESS) + ledger.distinctFailures();
        assertThat(flight.leaderCalls() + flight.sharedCalls()).as("flight calls")
                .isEqualTo(ledger.calls() - ledger.observed(Outcome.OPEN));
        assertThat(flight.leaderCalls()).as("flight leaders").isEqualTo(leaders);

        // below single-flight, each layer sees what the one above let through
        assertThat(limiter.permitted() + limiter.rejected()).as("rate limiter calls").isEqualTo(leaders);
        assertThat(limiter.rejected()).as("rate limiter rejections").isEqualTo(ledger.distinct(Outcome.RATE_LIMITED));
        assertThat(bulkhead.permitted() + bulkhead.rejected()).as("bulkhead calls").isEqualTo(limiter.permitted());
        assertThat(bulkhead.rejected()).as("bulkhead rejections").isEqualTo(ledger.distinct(Outcome.BULKHEAD_FULL));
        assertThat(semaphore.permitted() + semaphore.rejected() + semaphore.timedOut()).as("semaphore calls")
                .isEqualTo(bulkhead.permitted());
        assertThat(semaphore.rejected()).isZero(); // acquire with a timeout never rejects outright
        assertThat(semaphore.timedOut()).as("semaphore timeouts").isEqualTo(ledger.distinct(Outcome.SEMAPHORE_TIMEOUT));
        assertThat(retry.calls()).as("retry calls").isEqualTo(semaphore.permitted());
        assertThat(retry.successWithoutRetry() + retry.successWithRetry()).as("retry successes")
                .isEqualTo(ledger.distinct(Outcome.SUCCESS));
        assertThat(retry.failureWithoutRetry() + retry.failureWithRetry() + retry.aborted()).as("retry failures")
                .isEqualTo(ledger.distinct(Outcome.DOWN) + ledger.distinct(Outcome.BROKEN)
                        + ledger.distinct(Outcome.INVALID));
        assertThat(retry.aborted()).isZero();
        assertThat(hedged.totalRequests()).as("hedged calls = retry attempts").isEqualTo(retry.attempts());
        // each hedged call ran its original, and its hedge unless the hedge was cancelled before it started
        assertThat(service.invocations()).as("downstream invocations")
                .isBetween(hedged.totalRequests(), hedged.totalRequests() + hedged.hedgedRequests());

        // the mix did exercise every path
        assertThat(breaker.rejectedCalls()).isPositive();
        assertThat(flight.sharedCalls()).isPositive();
        assertThat(retry.successWithRetry()).isPositive();
        assertThat(retry.failureWithRetry()).isPositive();
        assertThat(hedged.hedgeWon()).isPositive();

        // the meters read the same counters
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        assertThat(count(meters, "resiliency.circuitbreaker.calls", "outcome", "success")).isEqualTo(breaker.successfulCalls());
        assertThat(count(meters, "resiliency.circuitbreaker.calls", "outcome", "failure")).isEqualTo(breaker.failedCalls());
        assertThat(count(meters, "resiliency.circuitbreaker.calls", "outcome", "ignored")).isEqualTo(breaker.ignoredCalls());
        assertThat(count(meters, "resiliency.circuitbreaker.calls", "outcome", "rejected")).isEqualTo(breaker.rejectedCalls());
        assertThat(count(meters, "resiliency.singleflight.calls", "shared", "false")).isEqualTo(flight.leaderCalls());
        assertThat(count(meters, "resiliency.singleflight.calls", "shared", "true")).isEqualTo(flight.sharedCalls());
        assertThat(count(meters, "resiliency.ratelimiter.calls", "outcome", "permitted")).isEqualTo(limiter.permitted());
        assertThat(count(meters, "resiliency.ratelimiter.calls", "outcome", "rejected")).isEqualTo(limiter.rejected());
        assertThat(count(meters, "resiliency.bulkhead.calls", "outcome", "permitted")).isEqualTo(bulkhead.permitted());
        assertThat(count(meters, "resiliency.bulkhead.calls", "outcome", "rejected")).isEqualTo(bulkhead.rejected());
        assertThat(count(meters, "resiliency.semaphore.calls", "outcome", "permitted")).isEqualTo(semaphore.permitted());
        assertThat(count(meters, "resiliency.semaphore.calls", "outcome", "rejected")).isEqualTo(semaphore.rejected());
        assertThat(count(meters, "resiliency.semaphore.calls", "outcome", "timeout")).isEqualTo(semaphore.timedOut());
        assertThat(count(meters, "resiliency.retry.calls", "outcome", "success_without_retry")).isEqualTo(retry.successWithoutRetry());
        assertThat(count(meters, "resiliency.retry.calls", "outcome", "success_with_retry")).isEqualTo(retry.successWithRetry());
        assertThat(count(meters, "resiliency.retry.calls", "outcome", "failure_without_retry")).isEqualTo(retry.failureWithoutRetry());
        assertThat(count(meters, "resiliency.retry.calls", "outcome", "failure_with_retry")).isEqualTo(retry.failureWithRetry());
        assertThat(count(meters, "resiliency.retry.calls", "outcome", "aborted")).isEqualTo(retry.aborted());
        assertThat((long) meters.get("resiliency.retry.attempts").tag("name", "soak").functionCounter().count())
                .isEqualTo(retry.attempts());
        assertThat((long) meters.get("resiliency.hedged.calls").tag("name", "soak").functionCounter().count())
                .isEqualTo(hedged.totalRequests());
        assertThat((long) meters.get("resiliency.hedged.hedges").tag("name", "soak").functionCounter().count())
                .isEqualTo(hedged.hedgedRequests());
        assertThat((long) meters.get("resiliency.hedged.wins").tag("name", "soak").functionCounter().count())
                .isEqualTo(hedged.hedgeWon());
        assertThat(gauge(meters, "resiliency.bulkhead.active")).isZero();
        assertThat(gauge(meters, "resiliency.bulkhead.waiting")).isZero();
        assertThat(gauge(meters, "resiliency.semaphore.used")).isZero();
        assertThat(gauge(meters, "resiliency.semaphore.waiting")).isZero();
        assertThat(gauge(meters, "resiliency.singleflight.inflight")).isZero();
    }

    private static void assertNothingHeld(AssertableApplicationContext context) {
        BulkheadStats bulkhead = context.getBean(BulkheadRegistry.class).instance("soak").stats();
        assertThat(bulkhead.active()).isZero();
        assertThat(bulkhead.waiting()).isZero();
        WeightedSemaphoreStats semaphore = context.getBean(WeightedSemaphoreRegistry.class).instance("soak").stats();
        assertThat(semaphore.used()).isZero();
        assertThat(semaphore.queueLength()).isZero();
        assertThat(context.getBean(SingleFlightRegistry.class).instance("soak").inFlight()).isZero();
    }

    private static long count(MeterRegistry meters, String name, String tag, String value) {
        return (long) meters.get(name).tags("name", "soak", tag, value).functionCounter().count();
    }

    private static double gauge(MeterRegistry meters, String name) {
        return meters.get(name).tag("name", "soak").gauge().value();
    }

    /** The least used heap seen over three back-to-back full collections. */
    private static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static String summary(SoakLedger ledger) {
        StringBuilder summary = new StringBuilder();
        for (Outcome outcome : Outcome.values()) {
            summary.append(outcome).append('=').append(ledger.observed(outcome)).append(' ');
        }
        return summary.toString().trim();
    }
}
