package dev.resiliency.spring.metrics;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.resiliency.BulkheadFullException;
import dev.resiliency.CircuitOpenException;
import dev.resiliency.RateLimitedException;
import dev.resiliency.ResiliencyTimeoutException;
import dev.resiliency.SemaphoreRejectedException;
import dev.resiliency.bulkhead.Bulkhead;
import dev.resiliency.circuitbreaker.CircuitBreaker;
import dev.resiliency.hedged.Hedged;
import dev.resiliency.ratelimiter.RateLimiter;
import dev.resiliency.retry.BackoffRetry;
import dev.resiliency.semaphore.WeightedSemaphore;
import dev.resiliency.singleflight.SingleFlight;
import dev.resiliency.testing.FakeSleeper;
import dev.resiliency.testing.FakeTicker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * A scripted sequence of calls through every kind of instance; afterwards every meter holds exactly the expected
 * value.
 */
class ResiliencyMetersTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakeTicker ticker = new FakeTicker();
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() {
        this.threads.shutdownNow();
    }

    @Test
    void circuitBreakerCountsEveryOutcomeAndShowsItsState() throws Exception {
        CircuitBreaker breaker = CircuitBreaker.builder("cb").windowSize(4).minimumCalls(4).failureRateThreshold(0.5)
                .ignoreException(e -> e instanceof IllegalStateException).ticker(this.ticker).build();
        ResiliencyMeters.bind(this.meters, breaker);
        assertThat(state("cb", "closed")).isEqualTo(1.0);

        breaker.call(() -> "ok");
        breaker.call(() -> "ok");
        assertThatThrownBy(() -> breaker.call(() -> { throw new IllegalStateException("ignored"); }))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> breaker.call(() -> { throw new IOException("down"); })).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> breaker.call(() -> { throw new IOException("down"); })).isInstanceOf(IOException.class);
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> breaker.call(() -> "never")).isInstanceOf(CircuitOpenException.class);
        }

        assertThat(count("resiliency.circuitbreaker.calls", "cb", "outcome", "success")).isEqualTo(2);
        assertThat(count("resiliency.circuitbreaker.calls", "cb", "outcome", "failure")).isEqualTo(2);
        assertThat(count("resiliency.circuitbreaker.calls", "cb", "outcome", "ignored")).isEqualTo(1);
        assertThat(count("resiliency.circuitbreaker.calls", "cb", "outcome", "rejected")).isEqualTo(3);
        assertThat(state("cb", "open")).isEqualTo(1.0);
        assertThat(state("cb", "closed")).isZero();
        assertThat(state("cb", "half_open")).isZero();
        assertThat(state("cb", "forced_open")).isZero();

        breaker.forceOpen();
        assertThat(state("cb", "forced_open")).isEqualTo(1.0);
        assertThat(state("cb", "open")).isZero();
    }

    @Test
    void retryCountsCallsByOutcomeAndEveryAttempt() throws Exception {
        BackoffRetry retry = BackoffRetry.builder("rt").maxAttempts(3).sleeper(new FakeSleeper(this.ticker))
                .ticker(this.ticker).retryIf(e -> !(e instanceof IllegalArgumentException)).build();
        ResiliencyMeters.bind(this.meters, retry);

        retry.call(() -> "first time");
        int[] attempts = new int[1];
        retry.call(() -> {
            if (attempts[0]++ == 0) {
                throw new IOException("once");
            }
            return "second time";
        });
        assertThatThrownBy(() -> retry.call(() -> { throw new IOException("always"); })).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> retry.call(() -> { throw new IllegalArgumentException("not retried"); }))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> retry.call(() -> { throw BackoffRetry.abort(new IOException("stop")); }))
                .isInstanceOf(IOException.class);

        assertThat(count("resiliency.retry.calls", "rt", "outcome", "success_without_retry")).isEqualTo(1);
        assertThat(count("resiliency.retry.calls", "rt", "outcome", "success_with_retry")).isEqualTo(1);
        assertThat(count("resiliency.retry.calls", "rt", "outcome", "failure_with_retry")).isEqualTo(1);
        assertThat(count("resiliency.retry.calls", "rt", "outcome", "failure_without_retry")).isEqualTo(1);
        assertThat(count("resiliency.retry.calls", "rt", "outcome", "aborted")).isEqualTo(1);
        assertThat(this.meters.get("resiliency.retry.attempts").tag("name", "rt").functionCounter().count())
                .isEqualTo(1 + 2 + 3 + 1 + 1);
    }

    @Test
    void hedgedCountsCallsHedgesAndWinsAndShowsDelayAndTokens() throws Exception {
        IndexedExecutor executor = new IndexedExecutor();
        Hedged race = Hedged.builder("hd-race").delay(Duration.ZERO).maxRequests(2).executor(executor).build();
        Hedged patient = Hedged.builder("hd-patient").delay(Duration.ofHours(1)).timeout(Duration.ofHours(2))
                .executor(executor).build();
        ResiliencyMeters.bind(this.meters, race);
        ResiliencyMeters.bind(this.meters, patient);

        executor.reset();
        assertThat(race.call(() -> slowUnless(1, "hedge"))).isEqualTo("hedge");
        executor.reset();
        assertThat(race.call(() -> slowUnless(0, "original"))).isEqualTo("original");
        executor.reset();
        assertThat(patient.call(() -> "fast")).isEqualTo("fast");

        assertThat(counter("resiliency.hedged.calls", "hd-race")).isEqualTo(2);
        assertThat(counter("resiliency.hedged.hedges", "hd-race")).isEqualTo(2);
        assertThat(counter("resiliency.hedged.wins", "hd-race")).isEqualTo(1);
        assertThat(counter("resiliency.hedged.calls", "hd-patient")).isEqualTo(1);
        assertThat(counter("resiliency.hedged.hedges", "hd-patient")).isZero();
        assertThat(counter("resiliency.hedged.wins", "hd-patient")).isZero();
        assertThat(this.meters.get("resiliency.hedged.delay").tag("name", "hd-patient").timeGauge()
                .value(TimeUnit.SECONDS)).isEqualTo(3600.0);
        assertThat(this.meters.get("resiliency.hedged.delay").tag("name", "hd-race").timeGauge()
                .value(TimeUnit.SECONDS)).isZero();
        assertThat(gauge("resiliency.hedged.tokens", "hd-race")).isEqualTo(race.stats().tokens());
    }

    @Test
    void singleFlightCountsLeadersAndSharedCallsAndShowsKeysInFlight() throws Exception {
        SingleFlight flight = SingleFlight.builder("sf").build();
        ResiliencyMeters.bind(this.meters, flight);
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        Future<Object> leader = this.threads.submit(() -> flight.call("sku-1", () -> {
            started.countDown();
            release.await();
            return "shared value";
        }));
        started.await();
        Future<Object> follower = this.threads.submit(() -> flight.call("sku-1", () -> "never runs"));
        await().until(() -> flight.stats().sharedCalls() == 1);
        assertThat(gauge("resiliency.singleflight.inflight", "sf")).isEqualTo(1.0);
        release.countDown();
        assertThat(leader.get()).isEqualTo("shared value");
        assertThat(follower.get()).isEqualTo("shared value");
        flight.call("sku-2", () -> "alone");

        assertThat(count("resiliency.singleflight.calls", "sf", "shared", "false")).isEqualTo(2);
        assertThat(count("resiliency.singleflight.calls", "sf", "shared", "true")).isEqualTo(1);
        assertThat(gauge("resiliency.singleflight.inflight", "sf")).isZero();
    }

    @Test
    void rateLimiterCountsPermittedAndRejectedCallsAndShowsTokens() throws Exception {
        RateLimiter limiter = RateLimiter.builder("rl").rate(1.0).burstSize(2).ticker(this.ticker).build();
        ResiliencyMeters.bind(this.meters, limiter);
        assertThat(gauge("resiliency.ratelimiter.tokens", "rl")).isEqualTo(2.0);

        limiter.call(() -> "one");
        limiter.call(() -> "two");
        assertThatThrownBy(() -> limiter.call(() -> "three")).isInstanceOf(RateLimitedException.class);

        assertThat(count("resiliency.ratelimiter.calls", "rl", "outcome", "permitted")).isEqualTo(2);
        assertThat(count("resiliency.ratelimiter.calls", "rl", "outcome", "rejected")).isEqualTo(1);
        assertThat(gauge("resiliency.ratelimiter.tokens", "rl")).isZero();
        this.ticker.advance(Duration.ofMillis(1500));
        assertThat(gauge("resiliency.ratelimiter.tokens", "rl")).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void bulkheadCountsPermittedAndRejectedCallsAndShowsActiveAndWaiting() throws Exception {
        Bulkhead bulkhead = Bulkhead.builder("bh").maxConcurrent(1).build();
        ResiliencyMeters.bind(this.meters, bulkhead);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        Future<Object> holder = this.threads.submit(() -> bulkhead.call(() -> {
            held.countDown();
            release.await();
            return "held";
        }));
        held.await();
        assertThatThrownBy(() -> bulkhead.call(() -> "no room")).isInstanceOf(BulkheadFullException.class);
        Future<Object> waiter = this.threads.submit(() -> bulkhead.call(() -> "waited", Duration.ofHours(1)));
        await().until(() -> bulkhead.stats().waiting() == 1);
        assertThat(gauge("resiliency.bulkhead.active", "bh")).isEqualTo(1.0);
        assertThat(gauge("resiliency.bulkhead.waiting", "bh")).isEqualTo(1.0);
        release.countDown();
        assertThat(holder.get()).isEqualTo("held");
        assertThat(waiter.get()).isEqualTo("waited");

        assertThat(count("resiliency.bulkhead.calls", "bh", "outcome", "permitted")).isEqualTo(2);
        assertThat(count("resiliency.bulkhead.calls", "bh", "outcome", "rejected")).isEqualTo(1);
        assertThat(gauge("resiliency.bulkhead.active", "bh")).isZero();
        assertThat(gauge("resiliency.bulkhead.waiting", "bh")).isZero();
    }

    @Test
    void semaphoreCountsPermittedRejectedAndTimedOutCallsAndShowsUsedAndWaiting() throws Exception {
        WeightedSemaphore semaphore = WeightedSemaphore.builder("ws").max(3).build();
        ResiliencyMeters.bind(this.meters, semaphore);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        Future<Object> holder = this.threads.submit(() -> semaphore.acquire(2, () -> {
            held.countDown();
            release.await();
            return "held";
        }));
        held.await();
        assertThatThrownBy(() -> semaphore.tryAcquire(2, () -> "no room"))
                .isInstanceOf(SemaphoreRejectedException.class);
        Future<Object> waiter = this.threads.submit(() -> semaphore.acquire(2, () -> "waited", Duration.ofHours(1)));
        await().until(() -> semaphore.queueLength() == 1);
        assertThat(gauge("resiliency.semaphore.used", "ws")).isEqualTo(2.0);
        assertThat(gauge("resiliency.semaphore.waiting", "ws")).isEqualTo(1.0);
        assertThatThrownBy(() -> semaphore.acquire(2, () -> "too late", Duration.ofMillis(1)))
                .isInstanceOf(ResiliencyTimeoutException.class);
        release.countDown();
        assertThat(holder.get()).isEqualTo("held");
        assertThat(waiter.get()).isEqualTo("waited");

        assertThat(count("resiliency.semaphore.calls", "ws", "outcome", "permitted")).isEqualTo(2);
        assertThat(count("resiliency.semaphore.calls", "ws", "outcome", "rejected")).isEqualTo(1);
        assertThat(count("resiliency.semaphore.calls", "ws", "outcome", "timeout")).isEqualTo(1);
        assertThat(gauge("resiliency.semaphore.used", "ws")).isZero();
        assertThat(gauge("resiliency.semaphore.waiting", "ws")).isZero();
    }

    @Test
    void everyMeterOfTheContractIsThereTaggedByNameAndNothingUnbounded() {
        ResiliencyMeters.bind(this.meters, CircuitBreaker.builder("a").build());
        ResiliencyMeters.bind(this.meters, BackoffRetry.builder("a").build());
        ResiliencyMeters.bind(this.meters, Hedged.builder("a").build());
        ResiliencyMeters.bind(this.meters, SingleFlight.builder("a").build());
        ResiliencyMeters.bind(this.meters, RateLimiter.builder("a").rate(1).burstSize(1).build());
        ResiliencyMeters.bind(this.meters, Bulkhead.builder("a").maxConcurrent(1).build());
        ResiliencyMeters.bind(this.meters, WeightedSemaphore.builder("a").max(1).build());

        Set<String> names = this.meters.getMeters().stream().map(m -> m.getId().getName()).collect(Collectors.toSet());
        assertThat(names).containsExactlyInAnyOrder("resiliency.circuitbreaker.calls",
                "resiliency.circuitbreaker.state", "resiliency.retry.calls", "resiliency.retry.attempts",
                "resiliency.hedged.calls", "resiliency.hedged.hedges", "resiliency.hedged.wins",
                "resiliency.hedged.delay", "resiliency.hedged.tokens", "resiliency.singleflight.calls",
                "resiliency.singleflight.inflight", "resiliency.ratelimiter.calls", "resiliency.ratelimiter.tokens",
                "resiliency.bulkhead.calls", "resiliency.bulkhead.active", "resiliency.bulkhead.waiting",
                "resiliency.semaphore.calls", "resiliency.semaphore.used", "resiliency.semaphore.waiting");
        for (Meter meter : this.meters.getMeters()) {
            List<Tag> tags = meter.getId().getTags();
            assertThat(tags).extracting(Tag::getKey).contains("name")
                    .allMatch(key -> Set.of("name", "outcome", "state", "shared").contains(key));
            assertThat(meter.getId().getTag("name")).isEqualTo("a");
        }
        assertThat(this.meters.getMeters()).hasSize(4 + 4 + 5 + 1 + 5 + 2 + 1 + 2 + 1 + 2 + 2 + 3 + 2);
    }

    /** Blocks until interrupted (a hung copy) unless this is copy number {@code fastCopy}. */
    private static String slowUnless(int fastCopy, String value) throws InterruptedException {
        if (IndexedExecutor.copyIndex() != fastCopy) {
            new CountDownLatch(1).await();
        }
        return value;
    }

    private double count(String name, String instance, String tag, String value) {
        return this.meters.get(name).tags("name", instance, tag, value).functionCounter().count();
    }

    private double counter(String name, String instance) {
        return this.meters.get(name).tag("name", instance).functionCounter().count();
    }

    private double gauge(String name, String instance) {
        return this.meters.get(name).tag("name", instance).gauge().value();
    }

    private double state(String instance, String state) {
        return this.meters.get("resiliency.circuitbreaker.state").tags("name", instance, "state", state).gauge()
                .value();
    }
}
